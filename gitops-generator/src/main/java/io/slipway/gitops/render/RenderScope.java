package io.slipway.gitops.render;

import io.slipway.gitops.values.EnvironmentValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What templates see: the environment values with every string turned into a {@link YamlScalar},
 * plus the facts derived from them (image reference, config entries, which variants apply).
 */
final class RenderScope {

    private final Map<String, Object> values;

    private RenderScope(Map<String, Object> values) {
        this.values = values;
    }

    static RenderScope of(EnvironmentValues environment, ImageReference image, String sourceCommit) {
        @SuppressWarnings("unchecked")
        Map<String, Object> scope = (Map<String, Object>) encode(environment.tree());

        @SuppressWarnings("unchecked")
        Map<String, Object> imageScope = (Map<String, Object>) scope.get("image");
        imageScope.put("reference", YamlScalar.of(image.pullReference()));
        imageScope.put("version", YamlScalar.of(image.version()));
        scope.put("sourceCommit", YamlScalar.quoted(sourceCommit));

        // ConfigMap data must be strings, even for numbers; the server's shutdown budget comes from values.
        Map<String, String> config = new TreeMap<>();
        ((Map<?, ?>) environment.tree().get("config"))
                .forEach((k, v) -> config.put(String.valueOf(k), String.valueOf(v)));
        Map<?, ?> shutdown = (Map<?, ?>) environment.tree().get("shutdown");
        config.put("SHUTDOWN_WAIT_PERIOD", shutdown.get("waitPeriodSeconds") + "s");
        config.put("SHUTDOWN_GRACE_PERIOD", shutdown.get("gracePeriodSeconds") + "s");
        List<Map<String, Object>> entries = new ArrayList<>();
        config.forEach((k, v) -> entries.add(Map.of("key", YamlScalar.of(k), "value", YamlScalar.quoted(v))));
        scope.put("configEntries", entries);

        String provider = environment.text("secrets", "provider");
        scope.put("secretsAck", "ack-secret-manager".equals(provider));
        scope.put("secretsEso", "external-secrets".equals(provider));

        String ingressClass = environment.text("ingress", "className");
        scope.put("ingressAlb", "alb".equals(ingressClass));
        scope.put("ingressNginx", "nginx".equals(ingressClass));
        scope.put(
                "ingressAlbCertificate",
                !environment.text("ingress", "albCertificateId").isEmpty());
        @SuppressWarnings("unchecked")
        Map<String, Object> network = (Map<String, Object>) scope.get("network");
        network.put(
                "hasIngressNamespace",
                !environment.text("network", "ingressFromNamespace").isEmpty());
        return new RenderScope(scope);
    }

    Map<String, Object> values() {
        return values;
    }

    boolean usesAckSecretManager() {
        return Boolean.TRUE.equals(values.get("secretsAck"));
    }

    boolean flag(String section, String key) {
        return Boolean.TRUE.equals(((Map<?, ?>) values.get(section)).get(key));
    }

    /** Copies the tree, turning every string into a YamlScalar; numbers and booleans stay as they are. */
    private static Object encode(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), encode(v)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(RenderScope::encode).toList();
        }
        if (node instanceof String text) {
            return YamlScalar.of(text);
        }
        return node;
    }
}
