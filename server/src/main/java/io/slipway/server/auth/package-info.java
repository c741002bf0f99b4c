/**
 * Who a caller is and what it may do: passwords (Argon2id, admitted by deadline, sharing the CPU with
 * reads while hashing), JWT issue and verification with key rotation, login throttling, account standing.
 */
package io.slipway.server.auth;
