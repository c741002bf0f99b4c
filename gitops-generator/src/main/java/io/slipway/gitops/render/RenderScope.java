package io.slipway.gitops.render;

import io.slipway.gitops.values.EnvironmentValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What templates see: the environment values with every string turned into a {@link YamlScalar},
 * plus the facts derived from them (image reference, config entries, which variants apply).
 */
final class RenderScope {

    /** The alerts the PrometheusRule (and {@code watch}) raise, each with a runbook of its own. */
    static final List<String> ALERTS = List.of(
            "SlipwayHighErrorRate",
            "SlipwayHighLatency",
            "SlipwayPodRestarting",
            "SlipwayDatabasePoolExhausted",
            "SlipwayCacheErrors",
            "SlipwayRedisMemoryHigh",
            "SlipwayAutoscalerAtMaximum");

    private static final String RATE_LIMIT_REPLICAS = "RATE_LIMIT_REPLICAS";

    private final Map<String, Object> values;
    private final EnvironmentValues environment;

    private RenderScope(Map<String, Object> values, EnvironmentValues environment) {
        this.values = values;
        this.environment = environment;
    }

    static RenderScope of(EnvironmentValues environment, ImageReference image, String sourceCommit) {
        Map<String, Object> scope = encode(environment.tree());

        Map<String, Object> imageScope = encode(environment.section("image"));
        imageScope.put("reference", YamlScalar.of(image.pullReference()));
        imageScope.put("version", YamlScalar.of(image.version()));
        scope.put("image", imageScope);
        scope.put("sourceCommit", YamlScalar.quoted(sourceCommit));

        // ConfigMap data must be strings, even for numbers; the server's shutdown budget comes from values.
        Map<String, String> config = environment.config();
        config.put("SHUTDOWN_WAIT_PERIOD", environment.shutdown().waitPeriodSeconds() + "s");
        config.put("SHUTDOWN_GRACE_PERIOD", environment.shutdown().gracePeriodSeconds() + "s");
        Map<String, Object> tracing = environment.section("tracing");
        boolean traced = !String.valueOf(tracing.get("endpoint")).isEmpty();
        if (traced) {
            config.put("TRACING_ENDPOINT", String.valueOf(tracing.get("endpoint")));
            config.put("TRACING_PROTOCOL", String.valueOf(tracing.get("protocol")));
            config.put("TRACING_SAMPLING_RATIO", String.valueOf(tracing.get("samplingRatio")));
            config.put("SLIPWAY_ENVIRONMENT", environment.environment());
        }
        Map<String, Object> api = environment.section("api");
        Map<?, ?> limits = (Map<?, ?>) api.get("rateLimits");
        config.put("API_DOCS_PAGE", String.valueOf(api.get("docsPage")));
        config.put("RATE_LIMIT_WINDOW", String.valueOf(limits.get("window")));
        config.put("RATE_LIMIT_PER_USER", String.valueOf(limits.get("perUser")));
        config.put("RATE_LIMIT_PER_ADDRESS", String.valueOf(limits.get("perAddress")));
        // While Redis is out each pod allows limit / replicas: the fewest pods there can be, so the
        // service never allows more than the limit times (running pods / minimum).
        config.put(RATE_LIMIT_REPLICAS, String.valueOf(environment.minReplicas()));
        List<Map<String, Object>> entries = new ArrayList<>();
        config.forEach((k, v) -> entries.add(Map.of("key", YamlScalar.of(k), "value", YamlScalar.quoted(v))));
        scope.put("configEntries", entries);

        EnvironmentValues.Parts parts = environment.parts();
        String provider = parts.secretsProvider();
        scope.put("secretsAck", "ack-secret-manager".equals(provider));
        scope.put("secretsEso", "external-secrets".equals(provider));

        String ingressClass = environment.ingress().className();
        scope.put("ingressAlb", "alb".equals(ingressClass));
        scope.put("ingressNginx", "nginx".equals(ingressClass));
        scope.put(
                "ingressAlbCertificate",
                !environment.ingress().albCertificateId().isEmpty());
        // Each alert's runbook: its anchor on the runbooks page (docs/operating.md), as one scalar.
        Map<String, Object> runbooks = new LinkedHashMap<>();
        Object runbookPage = environment.section("monitoring").get("runbookBaseUrl");
        for (String alert : ALERTS) {
            runbooks.put(alert, YamlScalar.of(runbookPage + "#" + alert.toLowerCase(Locale.ROOT)));
        }
        scope.put("runbook", runbooks);
        Map<String, Object> network = encode(environment.section("network"));
        network.put("hasIngressNamespace", !parts.ingressFromNamespace().isEmpty());
        network.put("tracing", traced ? List.of(encode((Map<?, ?>) tracing.get("egress"))) : List.of());
        scope.put("network", network);
        return new RenderScope(scope, environment);
    }

    /**
     * The ConfigMap without the entries whose change must not roll the pods. {@code RATE_LIMIT_REPLICAS}
     * follows the replica count, and a scale-out should not restart every pod: pods started after it
     * read the new share, older ones keep a slightly larger one until their next start.
     */
    static String restartingEntries(String configMap) {
        return configMap
                .lines()
                .filter(line -> !line.strip().startsWith(RATE_LIMIT_REPLICAS + ":"))
                .collect(Collectors.joining("\n"));
    }

    Map<String, Object> values() {
        return values;
    }

    boolean usesAckSecretManager() {
        return Boolean.TRUE.equals(values.get("secretsAck"));
    }

    /** The environment these values are of, for what decides which manifests render. */
    EnvironmentValues environment() {
        return environment;
    }

    /** Copies a map, turning every string into a YamlScalar; numbers and booleans stay as they are. */
    private static Map<String, Object> encode(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), encodeNode(value)));
        return copy;
    }

    private static Object encodeNode(Object node) {
        if (node instanceof Map<?, ?> map) {
            return encode(map);
        }
        if (node instanceof List<?> list) {
            return list.stream().map(RenderScope::encodeNode).toList();
        }
        if (node instanceof String text) {
            return YamlScalar.of(text);
        }
        return node;
    }
}
