package io.slipway.gitops.support;

import io.slipway.gitops.promote.PrometheusQueries;
import java.net.URI;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;

/** Prometheus in memory: each query answered by a script, and every query kept. */
public final class FakePrometheus implements PrometheusQueries {

    /** How a query is answered: a value, no data, or {@link Unavailable}. */
    @FunctionalInterface
    public interface Script {
        OptionalDouble answer(String promql) throws Unavailable;
    }

    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile Script script = FakePrometheus::healthy;

    /**
     * What a healthy environment running the release says: two ready pods on it, none on other
     * builds, traffic without errors, low latency, no restarts.
     */
    public static OptionalDouble healthy(String query) {
        if (query.contains("image!~")) {
            return OptionalDouble.of(0);
        }
        if (query.startsWith("count(slipway_build_info") || query.startsWith("min_over_time(")) {
            return OptionalDouble.of(2);
        }
        if (query.startsWith("count_over_time(")) {
            return OptionalDouble.of(1);
        }
        if (query.startsWith("(sum(increase(")) {
            return OptionalDouble.of(1000);
        }
        if (query.startsWith("histogram_quantile")) {
            return OptionalDouble.of(0.02);
        }
        return OptionalDouble.of(0); // the 5xx ratio, the restarts
    }

    /** Healthy, but for queries starting with {@code prefix}, which answer {@code value}. */
    public static Script healthyBut(String prefix, double value) {
        return query -> query.startsWith(prefix) ? OptionalDouble.of(value) : healthy(query);
    }

    /** A 5xx ratio of 0.31 on an otherwise healthy release. */
    public static Script failingRequests() {
        return healthyBut("((sum(", 0.31);
    }

    public FakePrometheus script(Script script) {
        this.script = script;
        return this;
    }

    public List<String> asked() {
        return List.copyOf(asked);
    }

    @Override
    public URI base() {
        return URI.create("http://prometheus.test/");
    }

    @Override
    public OptionalDouble query(String promql) throws Unavailable {
        asked.add(promql);
        return script.answer(promql);
    }
}
