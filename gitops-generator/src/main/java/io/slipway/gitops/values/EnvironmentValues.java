package io.slipway.gitops.values;

import java.util.Map;

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

    /** {@code direct} or {@code merge-request}. */
    public String publishMode() {
        return text("publish", "mode");
    }

    public String publishBranch() {
        return text("publish", "branch");
    }

    /** A string value at a path the schema guarantees. */
    @SuppressWarnings("unchecked")
    public String text(String... path) {
        Object node = tree;
        for (String key : path) {
            node = ((Map<String, Object>) node).get(key);
        }
        return String.valueOf(node);
    }
}
