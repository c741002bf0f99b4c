package io.slipway.gitops.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks each object against the schema of its kind: built-in kinds and the Prometheus Operator
 * CRDs through the fabric8 models (generated from the Kubernetes OpenAPI), strictly (see
 * {@link ModelShape}) — an unknown field, a string where a number belongs or a number where a
 * string belongs is an error; the secret operators' and Argo CD's kinds through the CRDs their
 * projects publish, made strict at build time ({@link StrictCrdSchemas}). A kind neither knows is
 * an error.
 */
final class SchemaCheck {

    static final String RULE = "schema";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Remembers that no vendored CRD serves a kind (ConcurrentHashMap holds no nulls). */
    private static final JsonSchema NO_SCHEMA =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema("{}");

    private final KubernetesKinds kinds = new KubernetesKinds();
    /** Loaded on first use: most folders hold one or none of these kinds. */
    private final Map<String, JsonSchema> crdSchemas = new ConcurrentHashMap<>();

    private final ModelShape models = new ModelShape(new ObjectMapper());

    List<Problem> check(Manifest manifest) {
        if (manifest.apiVersion().isEmpty() || manifest.kind().isEmpty()) {
            return List.of(manifest.problem(RULE, "apiVersion and kind are required"));
        }
        List<Problem> problems = new ArrayList<>();
        if (manifest.name().isEmpty()) {
            problems.add(manifest.problem(RULE, "metadata.name is required"));
        }
        Optional<JsonSchema> crd = crdSchema(manifest.apiVersion(), manifest.kind());
        if (crd.isPresent()) {
            for (ValidationMessage message : crd.get().validate(manifest.node())) {
                problems.add(manifest.problem(RULE, message.getMessage().replaceFirst("^\\$\\.?", "")));
            }
            return problems;
        }
        Optional<Class<?>> model = kinds.find(manifest.apiVersion(), manifest.kind());
        if (model.isEmpty()) {
            problems.add(manifest.problem(
                    RULE,
                    "unknown kind " + manifest.kind() + " in " + manifest.apiVersion()
                            + " (not in the Kubernetes API or the CRDs Slipway knows)"));
            return problems;
        }
        models.check(
                manifest.node(),
                model.get(),
                (path, detail) ->
                        problems.add(manifest.problem(RULE, (path.isEmpty() ? "(object)" : path) + ": " + detail)));
        return problems;
    }

    /** The strict schema of a CRD kind, if one of the vendored CRDs serves it: {@code <group>_<version>_<kind>}. */
    private Optional<JsonSchema> crdSchema(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            return Optional.empty(); // the core group: no CRD
        }
        String name = apiVersion.substring(0, slash) + "_" + apiVersion.substring(slash + 1) + "_"
                + kind.toLowerCase(Locale.ROOT);
        JsonSchema schema = crdSchemas.computeIfAbsent(name, SchemaCheck::loadSchema);
        return schema == NO_SCHEMA ? Optional.empty() : Optional.of(schema);
    }

    private static JsonSchema loadSchema(String name) {
        try (InputStream in = SchemaCheck.class.getResourceAsStream("/schemas/crds/" + name + ".schema.json")) {
            if (in == null) {
                return NO_SCHEMA;
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
