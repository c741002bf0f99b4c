/**
 * Liveness and readiness, and the dependency outages that make the server degrade rather than fail.
 */
package io.slipway.server.health;
