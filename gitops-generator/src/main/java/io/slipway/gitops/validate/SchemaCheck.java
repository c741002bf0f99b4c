package io.slipway.gitops.validate;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks each object against the schema of its kind: built-in kinds and the Prometheus Operator
 * CRDs through the fabric8 models (generated from the Kubernetes OpenAPI), strictly (see
 * {@link ModelShape}) — an unknown field, a string where a number belongs or a number where a
 * string belongs is an error; the
 * secret-operator and Argo CD CRDs through JSON schemas of their CRDs. A kind neither knows is an error.
 */
final class SchemaCheck {

    static final String RULE = "schema";
    private static final Map<String, String> CRD_SCHEMAS = Map.of(
            "alibabacloud.com/v1alpha1/ExternalSecret", "alibabacloud.com_v1alpha1_externalsecret",
            "alibabacloud.com/v1alpha1/SecretStore", "alibabacloud.com_v1alpha1_secretstore",
            "external-secrets.io/v1/ExternalSecret", "external-secrets.io_v1_externalsecret",
            "argoproj.io/v1alpha1/AppProject", "argoproj.io_v1alpha1_appproject",
            "argoproj.io/v1alpha1/ApplicationSet", "argoproj.io_v1alpha1_applicationset");

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
        String key = manifest.apiVersion() + "/" + manifest.kind();
        String crdSchema = CRD_SCHEMAS.get(key);
        if (crdSchema != null) {
            JsonSchema crd = crdSchemas.computeIfAbsent(crdSchema, SchemaCheck::loadSchema);
            for (ValidationMessage message : crd.validate(manifest.node())) {
                problems.add(manifest.problem(RULE, message.getMessage().replaceFirst("^\\$\\.?", "")));
            }
            return problems;
        }
        Optional<Class<?>> model = kinds.find(manifest.apiVersion(), manifest.kind());
        if (model.isEmpty()) {
            problems.add(manifest.problem(RULE, "unknown kind " + manifest.kind() + " in " + manifest.apiVersion()
                    + " (not in the Kubernetes API or the CRDs Slipway knows)"));
            return problems;
        }
        models.check(manifest.node(), model.get(),
                (path, detail) -> problems.add(manifest.problem(RULE, (path.isEmpty() ? "(object)" : path) + ": " + detail)));
        return problems;
    }

    private static JsonSchema loadSchema(String name) {
        try (InputStream in = SchemaCheck.class.getResourceAsStream("/schemas/crds/" + name + ".schema.yaml")) {
            JsonNode schema = ManifestSet.YAML.readTree(in);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
