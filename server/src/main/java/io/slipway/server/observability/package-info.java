/**
 * Metrics (Prometheus on the admin port), request ids and access logs, build info.
 */
package io.slipway.server.observability;
