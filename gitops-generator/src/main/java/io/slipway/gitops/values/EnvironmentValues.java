package io.slipway.gitops.values;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One environment's values: {@code base.yaml} deep-merged with {@code <env>.yaml} and checked
 * against the values schema, so every key the templates use is present and well typed. What the
 * generator's Java reads comes as records ({@link #publish}, {@link #promotionGates},
 * {@link #autoscaling}, {@link #shutdown}, {@link #ingress}, {@link #parts} …); the raw tree is the
 * templates' scope.
 *
 * @param environment the environment name (the values file's base name)
 * @param tree        the merged values, as parsed from YAML (maps, lists, strings, numbers, booleans)
 * @param sha256      hash of the merged values in canonical JSON, recorded as provenance
 */
public record EnvironmentValues(String environment, Map<String, Object> tree, String sha256) {

    public EnvironmentValues {
        tree = Map.copyOf(tree);
    }

    public boolean isProduction() {
        return "production".equals(environment);
    }

    public String appName() {
        return text("app", "name");
    }

    /** {@code image.repository}: the only repository {@code --image} may name. */
    public String imageRepository() {
        return text("image", "repository");
    }

    public String namespace() {
        return text("namespace");
    }

    /** {@code publish}: how this environment's folder reaches the config repository. */
    public Publish publish() {
        return new Publish(
                Publish.Mode.of(text("publish", "mode")),
                text("publish", "branch"),
                node("publish", "mergeRequestLabels") instanceof List<?> labels
                        ? labels.stream().map(String::valueOf).toList()
                        : List.of(),
                flag("publish", "autoMerge"),
                flag("publish", "signing"));
    }

    /**
     * {@code publish.*}, as the values schema guarantees it.
     *
     * @param mode               push to the branch, or open a merge request
     * @param branch             the config repository's target branch
     * @param mergeRequestLabels merge-request mode: the labels
     * @param autoMerge          merge-request mode: merge when the pipeline succeeds
     * @param signing            every commit must be signed by a trusted key
     */
    public record Publish(
            Mode mode, String branch, List<String> mergeRequestLabels, boolean autoMerge, boolean signing) {

        public Publish {
            mergeRequestLabels = List.copyOf(mergeRequestLabels);
        }

        /** {@code direct} or {@code merge-request}. */
        public enum Mode {
            DIRECT,
            MERGE_REQUEST;

            static Mode of(String value) {
                return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
        }
    }

    /** {@code replicas}: the fixed pod count where the autoscaler is off. */
    public int replicas() {
        return number("replicas").intValue();
    }

    /** {@code autoscaling.*} that Java reads. */
    public Autoscaling autoscaling() {
        return new Autoscaling(
                flag("autoscaling", "enabled"),
                number("autoscaling", "minReplicas").intValue(),
                number("autoscaling", "maxReplicas").intValue());
    }

    /** {@code autoscaling}: whether the HPA runs, and its bounds. */
    public record Autoscaling(boolean enabled, int minReplicas, int maxReplicas) {}

    /** The fewest pods this environment runs: the autoscaler's minimum, or the fixed count. */
    public int minReplicas() {
        return autoscaling().enabled() ? autoscaling().minReplicas() : replicas();
    }

    /** {@code shutdown.*}: the pod's stop budget, in seconds. */
    public Shutdown shutdown() {
        return new Shutdown(
                number("shutdown", "preStopSeconds").intValue(),
                number("shutdown", "waitPeriodSeconds").intValue(),
                number("shutdown", "gracePeriodSeconds").intValue());
    }

    /** {@code shutdown}: preStop sleep, the server's readiness-off wait, and its in-flight grace. */
    public record Shutdown(int preStopSeconds, int waitPeriodSeconds, int gracePeriodSeconds) {}

    /** {@code ingress.*} that Java reads. */
    public Ingress ingress() {
        return new Ingress(
                flag("ingress", "enabled"), text("ingress", "className"), text("ingress", "albCertificateId"));
    }

    /**
     * {@code ingress}.
     *
     * @param className        {@code alb} or {@code nginx}
     * @param albCertificateId empty for none
     */
    public record Ingress(boolean enabled, String className, String albCertificateId) {}

    /** Which optional manifests this environment renders, and how its secrets and network are provided. */
    public Parts parts() {
        return new Parts(
                flag("monitoring", "serviceMonitor"),
                flag("monitoring", "prometheusRule"),
                flag("monitoring", "prometheusRule") && flag("alerting", "enabled"),
                flag("monitoring", "dashboard"),
                flag("logs", "collect"),
                flag("migrations", "enabled"),
                text("secrets", "provider"),
                text("network", "ingressFromNamespace"));
    }

    /**
     * The switches the values hold beyond the records above.
     *
     * @param alerting             an AlertmanagerConfig routes the PrometheusRule's alerts (both switched on)
     * @param secretsProvider      {@code ack-secret-manager} or {@code external-secrets}
     * @param ingressFromNamespace empty for none
     */
    public record Parts(
            boolean serviceMonitor,
            boolean prometheusRule,
            boolean alerting,
            boolean dashboard,
            boolean logCollection,
            boolean migrations,
            String secretsProvider,
            String ingressFromNamespace) {}

    /** What promote requires of the source environment before it ships into this one. */
    public PromotionGates promotionGates() {
        return new PromotionGates(
                text("promotion", "gates", "soak"),
                number("promotion", "gates", "minRequests").longValue(),
                number("promotion", "gates", "maxErrorRatio").doubleValue(),
                number("promotion", "gates", "maxP99LatencySeconds").doubleValue(),
                number("promotion", "gates", "maxRestarts").longValue());
    }

    /**
     * {@code promotion.gates}: thresholds the source environment must meet over the soak window.
     *
     * @param soak                 a Prometheus duration, e.g. {@code 15m}
     * @param minRequests          fewer requests in the window is no verdict
     * @param maxErrorRatio        largest 5xx share
     * @param maxP99LatencySeconds largest p99 latency
     * @param maxRestarts          most process restarts, summed over pods
     */
    public record PromotionGates(
            String soak, long minRequests, double maxErrorRatio, double maxP99LatencySeconds, long maxRestarts) {

        /** {@link #soak} as a duration. */
        public Duration soakDuration() {
            return duration(soak);
        }

        /** The same thresholds over another window, to the second (a soak measured before its end). */
        public PromotionGates over(Duration window) {
            return new PromotionGates(
                    Math.max(1, window.toSeconds()) + "s",
                    minRequests,
                    maxErrorRatio,
                    maxP99LatencySeconds,
                    maxRestarts);
        }
    }

    /**
     * {@code promotion.windows}: when promotion into this environment is allowed or frozen; none means
     * always allowed.
     */
    public List<PromotionWindow> promotionWindows() {
        List<PromotionWindow> windows = new ArrayList<>();
        for (Object item : (List<?>) node("promotion", "windows")) {
            Map<?, ?> window = (Map<?, ?>) item;
            windows.add(new PromotionWindow(
                    PromotionWindow.Kind.valueOf(
                            String.valueOf(window.get("kind")).toUpperCase(Locale.ROOT)),
                    String.valueOf(window.get("schedule")),
                    String.valueOf(window.get("duration")),
                    String.valueOf(window.get("timeZone"))));
        }
        return windows;
    }

    /**
     * What {@code watch} does after a promotion into this environment.
     *
     * @param automaticRollback restore the previous verified state when the release regresses
     * @param rolloutDeadline   how long the environment may take to run the release on every pod
     */
    public record ReleaseWatch(boolean automaticRollback, Duration rolloutDeadline) {}

    public ReleaseWatch releaseWatch() {
        return new ReleaseWatch(
                flag("promotion", "rollback", "automatic"), duration(text("promotion", "rolloutDeadline")));
    }

    /** A duration as the values write it (the schema allows digits and one unit, {@code s}, {@code m} or {@code h}). */
    static Duration duration(String text) {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 'h' -> Duration.ofHours(amount);
            case 'm' -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** The ConfigMap entries ({@code config.*}) as strings, numbers included, in key order. */
    public SortedMap<String, String> config() {
        SortedMap<String, String> entries = new TreeMap<>();
        section("config").forEach((key, value) -> entries.put(key, String.valueOf(value)));
        return entries;
    }

    /** A string value at a path the schema guarantees. */
    String text(String... path) {
        return String.valueOf(node(path));
    }

    /** Whether the boolean at {@code path} is true. */
    boolean flag(String... path) {
        return Boolean.TRUE.equals(node(path));
    }

    /** The number at a path the schema guarantees is one (YAML gave it as a number: nothing to parse). */
    private Number number(String... path) {
        return (Number) node(path);
    }

    /** The object at a path the schema guarantees is one, for the templates' scope. */
    @SuppressWarnings("unchecked") // the schema made every object a map with string keys
    public Map<String, Object> section(String... path) {
        return (Map<String, Object>) node(path);
    }

    private Object node(String... path) {
        Object node = tree;
        for (String key : path) {
            node = ((Map<?, ?>) node).get(key);
        }
        return node;
    }
}
