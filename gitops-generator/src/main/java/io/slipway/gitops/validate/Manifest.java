package io.slipway.gitops.validate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Kubernetes object read from a manifest file.
 *
 * @param file the file it came from, relative to the folder validated
 * @param node the object as parsed
 */
public record Manifest(String file, JsonNode node) {

    public String apiVersion() {
        return node.path("apiVersion").asText("");
    }

    public String kind() {
        return node.path("kind").asText("");
    }

    public String name() {
        return node.path("metadata").path("name").asText("");
    }

    public String namespace() {
        return node.path("metadata").path("namespace").asText("");
    }

    public boolean is(String kind) {
        return kind.equals(kind());
    }

    /** {@code Kind/name}, as problems name objects. */
    public String id() {
        return (kind().isEmpty() ? "?" : kind()) + "/" + (name().isEmpty() ? "?" : name());
    }

    public Problem problem(String rule, String detail) {
        return new Problem(file, id(), rule, detail);
    }
}
