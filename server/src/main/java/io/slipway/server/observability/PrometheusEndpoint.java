package io.slipway.server.observability;

import com.codahale.metrics.MetricFilter;
import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.regex.Pattern;

/**
 * Prometheus text exposition on the admin connector at {@value #PATH}. One registry per
 * application instance: the server's own HTTP and cache series, the standard JVM series, and the
 * Dropwizard registry (Jetty, DB pool, thread pools) bridged in.
 */
public final class PrometheusEndpoint {

    public static final String PATH = "/prometheus";

    /**
     * Dropwizard's own JVM gauges duplicate the standard {@code jvm_*} series; names ending in a
     * suffix Prometheus reserves would collide with a derived series and fail the whole scrape.
     */
    private static final Pattern EXCLUDED = Pattern.compile("^jvm\\..*|.*[._](total|count|created|bucket|sum|info)$");

    private PrometheusEndpoint() {}

    public static PrometheusRegistry install(Environment environment) {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        MetricFilter filter = (name, metric) -> !EXCLUDED.matcher(name).matches();
        DropwizardExports.builder()
                .dropwizardRegistry(environment.metrics())
                .metricFilter(filter)
                .register(registry);
        environment
                .admin()
                .addServlet("prometheus", new PrometheusMetricsServlet(registry))
                .addMapping(PATH);
        return registry;
    }
}
