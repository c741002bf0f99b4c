package io.slipway.gitops.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The build step that turns the CustomResourceDefinitions vendored from their projects
 * ({@code src/main/crds/}, versions in its README) into the strict JSON schemas {@code validate}
 * checks objects against: one per served version, {@code <group>_<version>_<kind>.schema.json}.
 *
 * <p>The API server prunes fields a CRD does not declare; Slipway refuses them instead, so that a
 * typo is an error before it reaches a cluster: every object schema that lists its properties
 * gets {@code additionalProperties: false}, unless the CRD keeps unknown fields there
 * ({@code x-kubernetes-preserve-unknown-fields}). The Kubernetes extensions become JSON Schema:
 * {@code x-kubernetes-int-or-string} an integer or a string, {@code nullable} a null too.
 * Descriptions are dropped (they are most of a CRD's bytes), the {@code format}s JSON Schema does
 * not define too. Upgrading a CRD is replacing its file.
 */
public final class StrictCrdSchemas {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StrictCrdSchemas() {}

    /** {@code StrictCrdSchemas <folder of CRD .yaml files> <output folder>}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: StrictCrdSchemas CRD_FOLDER OUTPUT_FOLDER");
        }
        Path output = Files.createDirectories(Path.of(args[1]));
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (Path crd :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Map.Entry<String, ObjectNode> schema :
                        convert(YAML.readTree(crd.toFile())).entrySet()) {
                    JSON.writeValue(
                            output.resolve(schema.getKey() + ".schema.json").toFile(), schema.getValue());
                }
            }
        }
    }

    /** The strict schema of each served version of a CRD, by {@code <group>_<version>_<kind>}. */
    static Map<String, ObjectNode> convert(JsonNode crd) {
        if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
            throw new IllegalArgumentException(
                    "not a CustomResourceDefinition: " + crd.path("metadata").path("name"));
        }
        String group = crd.at("/spec/group").asText();
        String kind = crd.at("/spec/names/kind").asText();
        Map<String, ObjectNode> schemas = new TreeMap<>();
        for (JsonNode version : crd.at("/spec/versions")) {
            if (!version.path("served").asBoolean()) {
                continue;
            }
            String name = version.path("name").asText();
            ObjectNode schema = strict(version.at("/schema/openAPIV3Schema"));
            ObjectNode properties =
                    schema.has("properties") ? (ObjectNode) schema.get("properties") : schema.putObject("properties");
            properties.set("apiVersion", NODES.objectNode().put("const", group + "/" + name));
            properties.set("kind", NODES.objectNode().put("const", kind));
            // ObjectMeta is the API server's: names, labels and annotations are checked elsewhere.
            properties.set("metadata", NODES.objectNode().put("type", "object"));
            ArrayNode required = NODES.arrayNode().add("apiVersion").add("kind").add("metadata");
            schema.path("required").forEach(field -> {
                if (!List.of("apiVersion", "kind", "metadata").contains(field.asText())) {
                    required.add(field);
                }
            });
            schema.set("required", required);
            schema.put("additionalProperties", false);
            ObjectNode document = NODES.objectNode().put("$schema", "https://json-schema.org/draft/2020-12/schema");
            document.setAll(schema);
            schemas.put(group + "_" + name + "_" + kind.toLowerCase(Locale.ROOT), document);
        }
        return schemas;
    }

    /** One OpenAPI v3 schema node of a CRD as strict JSON Schema; its subschemas too. */
    static ObjectNode strict(JsonNode node) {
        ObjectNode out = NODES.objectNode();
        boolean keepsUnknown = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            switch (key) {
                case "description", "nullable", "example", "externalDocs" -> {}
                case "format" -> {
                    if (value.asText().equals("date-time")) {
                        out.set(key, value);
                    }
                }
                case "properties" -> {
                    ObjectNode properties = out.putObject("properties");
                    value.properties().forEach(p -> properties.set(p.getKey(), strict(p.getValue())));
                }
                case "items", "not" -> out.set(key, strict(value));
                case "additionalProperties" -> out.set(key, value.isObject() ? strict(value) : value);
                case "anyOf", "oneOf", "allOf" -> {
                    ArrayNode all = out.putArray(key);
                    value.forEach(schema -> all.add(strict(schema)));
                }
                default -> {
                    if (!key.startsWith("x-kubernetes-")) {
                        out.set(key, value);
                    }
                }
            }
        }
        if (node.path("x-kubernetes-int-or-string").asBoolean(false)) {
            out.remove("type");
            out.putArray("type").add("integer").add("string");
        }
        if (node.path("nullable").asBoolean(false) && out.path("type").isTextual()) {
            String type = out.get("type").asText();
            out.putArray("type").add(type).add("null");
        }
        if ("object".equals(node.path("type").asText())
                && node.has("properties")
                && !node.has("additionalProperties")
                && !keepsUnknown) {
            out.put("additionalProperties", false);
        }
        return out;
    }
}
