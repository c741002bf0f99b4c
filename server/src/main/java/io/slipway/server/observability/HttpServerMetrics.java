package io.slipway.server.observability;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The HTTP series the dashboards and alert rules query:
 * {@code http_requests_total{method,route,status}} and {@code http_request_duration_seconds{method,route}}.
 */
public final class HttpServerMetrics {

    private final Counter requests;
    private final Histogram duration;

    public HttpServerMetrics(PrometheusRegistry registry) {
        this.requests = Counter.builder()
                .name("http_requests")
                .help("HTTP requests served, by method, route template and status code")
                .labelNames("method", "route", "status")
                .register(registry);
        this.duration = Histogram.builder()
                .name("http_request_duration_seconds")
                .help("HTTP request latency, by method and route template")
                .labelNames("method", "route")
                .classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
    }

    public void record(String method, String route, int status, long nanos) {
        requests.labelValues(method, route, Integer.toString(status)).inc();
        duration.labelValues(method, route).observe(nanos / 1e9);
    }
}
