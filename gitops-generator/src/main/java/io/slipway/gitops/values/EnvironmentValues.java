package io.slipway.gitops.values;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One environment's values: {@code base.yaml} deep-merged with {@code <env>.yaml} and checked
 * against the values schema, so every key the templates use is present and well typed.
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

    /** The fewest pods this environment runs: the autoscaler's minimum, or the fixed count. */
    public int minReplicas() {
        return Integer.parseInt(
                "true".equals(text("autoscaling", "enabled")) ? text("autoscaling", "minReplicas") : text("replicas"));
    }

    /** What promote requires of the source environment before it ships into this one. */
    public PromotionGates promotionGates() {
        return new PromotionGates(
                text("promotion", "gates", "soak"),
                Long.parseLong(text("promotion", "gates", "minRequests")),
                Double.parseDouble(text("promotion", "gates", "maxErrorRatio")),
                Double.parseDouble(text("promotion", "gates", "maxP99LatencySeconds")),
                Long.parseLong(text("promotion", "gates", "maxRestarts")));
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
            String soak, long minRequests, double maxErrorRatio, double maxP99LatencySeconds, long maxRestarts) {}

    /** The ConfigMap entries ({@code config.*}) as strings, numbers included, in key order. */
    public SortedMap<String, String> config() {
        SortedMap<String, String> entries = new TreeMap<>();
        section("config").forEach((key, value) -> entries.put(key, String.valueOf(value)));
        return entries;
    }

    /** A string value at a path the schema guarantees. */
    public String text(String... path) {
        return String.valueOf(node(path));
    }

    /** Whether the boolean at {@code path} is true. */
    public boolean flag(String... path) {
        return Boolean.TRUE.equals(node(path));
    }

    /** The object at a path the schema guarantees is one. */
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
