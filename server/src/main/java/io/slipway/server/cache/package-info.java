/**
 * Redis: the connection, its health, and the users kept there with a near cache in front that Redis
 * invalidates (RESP3 tracking).
 */
package io.slipway.server.cache;
