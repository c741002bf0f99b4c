/**
 * The users: their resource and cached read path, the repository and DAO, the documents served as
 * stored bytes, the password policy, the bootstrap admin.
 */
package io.slipway.server.users;
