package io.slipway.server.observability;

import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slipway.server.health.DependencyOutages;
import io.slipway.server.observability.tracing.Tracing;
import io.slipway.server.observability.tracing.TracingSettings;

/**
 * What every other part reports to: the Prometheus registry (served on the admin port, with the
 * build's info), the tracing, and the dependency outages the health checks and the degraded
 * paths share.
 */
public record Observability(PrometheusRegistry prometheus, Tracing tracing, DependencyOutages outages) {

    public static Observability install(Environment environment, ReleaseSettings release, TracingSettings tracing) {
        DependencyOutages outages = new DependencyOutages(
                environment.healthChecks(),
                environment
                        .lifecycle()
                        .scheduledExecutorService("dependency-outages")
                        .build(),
                System::nanoTime);
        environment.health().addHealthStateListener(outages);
        environment.lifecycle().addServerLifecycleListener(server -> outages.serving());
        PrometheusRegistry prometheus = PrometheusEndpoint.install(environment);
        BuildInfo.register(prometheus, release);
        Tracing traces = Tracing.from(tracing, release);
        environment.lifecycle().manage(traces);
        return new Observability(prometheus, traces, outages);
    }
}
