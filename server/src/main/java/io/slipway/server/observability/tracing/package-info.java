/**
 * OpenTelemetry traces: a server span per request, client spans for the database and Redis, sent by OTLP
 * or Zipkin where configured.
 */
package io.slipway.server.observability.tracing;
