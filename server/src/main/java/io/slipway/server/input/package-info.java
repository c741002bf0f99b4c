/**
 * The text a client may send, as Bean Validation constraints: clean text, email addresses.
 */
package io.slipway.server.input;
