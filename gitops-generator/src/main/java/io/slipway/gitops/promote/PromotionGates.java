package io.slipway.gitops.promote;

import io.slipway.gitops.values.EnvironmentValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * The evidence a promotion needs, measured in the source environment over the target's soak
 * window, with the queries the PrometheusRule alerts use: every ready pod (Prometheus scrapes the
 * Service's endpoints, which list ready pods only) reports the promoted digest in
 * {@code slipway_build_info}, at least the source's minimum replica count of them, throughout the
 * window; enough traffic for a verdict; the 5xx share, p99 latency and process restarts within
 * the target's thresholds.
 */
public final class PromotionGates {

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final List<Gate> gates;

    /**
     * @param sourceNamespace the source environment's namespace (the {@code namespace} label the
     *                        ServiceMonitor's scrape carries)
     * @param digest          the digest being promoted, {@code sha256:…}
     * @param minReplicas     the source environment's minimum replica count
     * @param thresholds      the target environment's {@code promotion.gates}
     */
    public PromotionGates(
            String sourceNamespace, String digest, int minReplicas, EnvironmentValues.PromotionGates thresholds) {
        if (!DIGEST.matcher(digest).matches()
                || !NAMESPACE.matcher(sourceNamespace).matches()) {
            throw new IllegalArgumentException("not a digest and namespace: " + digest + ", " + sourceNamespace);
        }
        String ns = "namespace=\"" + sourceNamespace + "\"";
        String window = "[" + thresholds.soak() + "]";
        String steps = "[" + thresholds.soak() + ":" + step(thresholds.soakDuration()) + "]";
        String onDigest = podsOn(sourceNamespace, digest);
        String requests = counted("http_requests_total{" + ns + "}", thresholds.soak());
        gates = List.of(
                new Gate(
                        "pods on " + digest.substring(0, 19),
                        "min_over_time(" + onDigest + steps + ")",
                        Gate.AT_LEAST,
                        minReplicas,
                        false),
                new Gate(
                        "soak " + thresholds.soak(),
                        "count_over_time(" + onDigest + steps + ") / count_over_time(vector(1)" + steps + ")",
                        Gate.AT_LEAST,
                        1,
                        false),
                new Gate(
                        "pods on other builds",
                        "max_over_time((" + podsOnOtherBuilds(sourceNamespace, digest) + " or vector(0))" + steps + ")",
                        Gate.AT_MOST,
                        0,
                        false),
                new Gate("requests", requests, Gate.AT_LEAST, thresholds.minRequests(), false),
                new Gate(
                        "5xx ratio",
                        "(" + counted("http_requests_total{" + ns + ",status=~\"5..\"}", thresholds.soak()) + ") / ("
                                + requests + ")",
                        Gate.AT_MOST,
                        thresholds.maxErrorRatio(),
                        true),
                new Gate(
                        "p99 latency s",
                        "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{" + ns + "}"
                                + window + ")))",
                        Gate.AT_MOST,
                        thresholds.maxP99LatencySeconds(),
                        true),
                new Gate(
                        "restarts",
                        "sum(changes(process_start_time_seconds{" + ns + "}" + window + "))",
                        Gate.AT_MOST,
                        thresholds.maxRestarts(),
                        true));
    }

    public List<Gate> gates() {
        return gates;
    }

    /**
     * Runs every query; a Prometheus that cannot answer fails every gate with its reason, and is
     * not asked again (one timeout, not one per gate).
     */
    public Verdict evaluate(PrometheusQueries prometheus) {
        List<Verdict.Result> results = new ArrayList<>();
        Optional<String> unavailable = Optional.empty();
        for (Gate gate : gates) {
            if (unavailable.isPresent()) {
                results.add(new Verdict.Result(gate, OptionalDouble.empty(), false, unavailable.get()));
                continue;
            }
            try {
                OptionalDouble measured = prometheus.query(gate.query());
                // +Inf or -Inf is no measurement: an infinite pod count or latency passes no gate.
                boolean finite = measured.isPresent() && Double.isFinite(measured.getAsDouble());
                results.add(new Verdict.Result(
                        gate,
                        measured,
                        finite && gate.admits(measured.getAsDouble()),
                        measured.isEmpty() ? Verdict.NO_DATA : finite ? "" : "not a finite number"));
            } catch (PrometheusQueries.Unavailable e) {
                unavailable = Optional.of(e.getMessage());
                results.add(new Verdict.Result(gate, OptionalDouble.empty(), false, e.getMessage()));
            }
        }
        return new Verdict(results);
    }

    /**
     * How much a counter grew over the window, summed: {@code increase} for the series that
     * already existed at the window's start, plus the whole value of those that appeared within
     * it (a new pod, or the first 500 of a route) — {@code increase} alone would miss a series
     * whose first sample already holds its count.
     */
    static String counted(String selector, String soak) {
        return "(sum(increase(" + selector + "[" + soak + "]) and " + selector + " offset " + soak + ") or vector(0))"
                + " + (sum(" + selector + " unless " + selector + " offset " + soak + ") or vector(0))";
    }

    /** The subquery resolution, as PromQL writes it. */
    static String step(Duration soak) {
        return resolution(soak).toSeconds() + "s";
    }

    /** The subquery resolution: fifteen steps over the window, at least one second. */
    static Duration resolution(Duration soak) {
        return Duration.ofSeconds(Math.max(1, soak.toSeconds() / 15));
    }

    /** How many ready pods of {@code namespace} report {@code digest} (no value when none do). */
    static String podsOn(String namespace, String digest) {
        return "count(slipway_build_info{namespace=\"" + namespace + "\",image=~\".*@" + digest + "\"})";
    }

    /** How many ready pods of {@code namespace} report another build (no value when none do). */
    static String podsOnOtherBuilds(String namespace, String digest) {
        return "count(slipway_build_info{namespace=\"" + namespace + "\",image!~\".*@" + digest + "\"})";
    }

    /**
     * One check: a query whose single value must be at least, or at most, a threshold.
     *
     * @param health whether it measures how the release serves (errors, latency, restarts), as opposed
     *               to whether there is enough to measure (pods on the digest, the soak, the traffic):
     *               only a failed health gate is a regression a rollback answers
     */
    public record Gate(String name, String query, String comparison, double threshold, boolean health) {

        static final String AT_LEAST = ">=";
        static final String AT_MOST = "<=";

        boolean admits(double value) {
            return AT_LEAST.equals(comparison) ? value >= threshold : value <= threshold;
        }
    }
}
