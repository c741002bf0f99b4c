/**
 * Rate limits per caller and per address, shared through Redis across replicas and per process
 * without it.
 */
package io.slipway.server.ratelimit;
