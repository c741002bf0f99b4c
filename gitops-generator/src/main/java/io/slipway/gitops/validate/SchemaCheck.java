package io.slipway.gitops.validate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.type.LogicalType;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks each object against the schema of its kind: built-in kinds and the Prometheus Operator
 * CRDs through the fabric8 models (generated from the Kubernetes OpenAPI), strictly — an unknown
 * field, a string where a number belongs or a number where a string belongs is an error; the
 * secret-operator and Argo CD CRDs through JSON schemas of their CRDs. A kind neither knows is an error.
 */
final class SchemaCheck {

    static final String RULE = "schema";
    private static final int MAX_TYPE_ERRORS = 20;
    private static final java.util.regex.Pattern COERCION =
            java.util.regex.Pattern.compile("Cannot coerce (\\w+) value \\(([^)]*)\\)");
    private static final Map<String, String> CRD_SCHEMAS = Map.of(
            "alibabacloud.com/v1alpha1/ExternalSecret", "alibabacloud.com_v1alpha1_externalsecret",
            "alibabacloud.com/v1alpha1/SecretStore", "alibabacloud.com_v1alpha1_secretstore",
            "external-secrets.io/v1/ExternalSecret", "external-secrets.io_v1_externalsecret",
            "argoproj.io/v1alpha1/AppProject", "argoproj.io_v1alpha1_appproject",
            "argoproj.io/v1alpha1/ApplicationSet", "argoproj.io_v1alpha1_applicationset");

    private final KubernetesKinds kinds = new KubernetesKinds();
    /** Loaded on first use: most folders hold one or none of these kinds. */
    private final Map<String, JsonSchema> crdSchemas = new java.util.concurrent.ConcurrentHashMap<>();
    private final ObjectMapper strict = strictMapper();
    private final Map<Class<?>, ObjectReader> readers = new java.util.concurrent.ConcurrentHashMap<>();

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
        // Jackson stops at the first type error: drop the offending field and read again, so one
        // run reports every problem of the object.
        Set<String> unknownFields = new TreeSet<>();
        JsonNode node = manifest.node();
        for (int attempt = 0; attempt < MAX_TYPE_ERRORS; attempt++) {
            List<String> unknown = new ArrayList<>();
            try {
                readers.computeIfAbsent(model.get(), strict::readerFor).withAttribute(UnknownFields.class, unknown).readValue(node);
                unknownFields.addAll(unknown);
                break;
            } catch (JsonMappingException e) {
                unknownFields.addAll(unknown);
                problems.add(manifest.problem(RULE, path(e) + ": " + typeError(e)));
                if (node == manifest.node()) {
                    node = node.deepCopy(); // never edit the caller's document
                }
                if (!remove(node, e.getPath())) {
                    break;
                }
            } catch (IOException e) {
                problems.add(manifest.problem(RULE, firstLine(e.getMessage())));
                break;
            }
        }
        unknownFields.forEach(field -> problems.add(manifest.problem(RULE, field + ": unknown field")));
        return problems;
    }

    /** Removes the field or element a mapping error points at; false when the path is empty. */
    private static boolean remove(JsonNode root, List<JsonMappingException.Reference> path) {
        if (path.isEmpty()) {
            return false;
        }
        JsonNode parent = root;
        for (JsonMappingException.Reference ref : path.subList(0, path.size() - 1)) {
            parent = ref.getFieldName() != null ? parent.path(ref.getFieldName()) : parent.path(ref.getIndex());
        }
        JsonMappingException.Reference last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object && last.getFieldName() != null) {
            return object.remove(last.getFieldName()) != null;
        }
        if (parent instanceof ArrayNode array && last.getIndex() >= 0 && last.getIndex() < array.size()) {
            array.remove(last.getIndex());
            return true;
        }
        return false;
    }

    /** "expected integer, got string \"5\"" rather than Jackson's Java-centred wording. */
    private static String typeError(JsonMappingException e) {
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> type = mismatch.getTargetType();
            String expected = type == String.class ? "string"
                    : Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class) ? "integer"
                    : type == Boolean.class || type == boolean.class ? "boolean"
                    : java.util.Collection.class.isAssignableFrom(type) ? "list"
                    : java.util.Map.class.isAssignableFrom(type) ? "map" : "object (" + type.getSimpleName() + ")";
            java.util.regex.Matcher got = COERCION.matcher(firstLine(e.getOriginalMessage()));
            return "expected " + expected + (got.find()
                    ? ", got " + got.group(1).toLowerCase(java.util.Locale.ROOT) + " " + got.group(2)
                    : ": " + firstLine(e.getOriginalMessage()));
        }
        return firstLine(e.getOriginalMessage());
    }

    /** Attribute key under which the current read collects unknown fields. */
    private static final class UnknownFields {
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                    private static final long serialVersionUID = 1L;

                    // The models keep unknown fields in a catch-all map; a strict check must see them.
                    @Override
                    public Boolean hasAnySetter(Annotated annotated) {
                        return Boolean.FALSE;
                    }

                    @Override
                    public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
                        return JsonIgnoreProperties.Value.empty();
                    }
                })
                .addHandler(new DeserializationProblemHandler() {
                    @Override
                    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                                                         JsonDeserializer<?> deserializer, Object bean, String property)
                            throws IOException {
                        @SuppressWarnings("unchecked")
                        List<String> unknown = (List<String>) context.getAttribute(UnknownFields.class);
                        String parent = parser.getParsingContext().getParent() == null ? ""
                                : pathOf(parser.getParsingContext().getParent());
                        unknown.add(parent.isEmpty() ? property : parent + "." + property);
                        parser.skipChildren();
                        return true;
                    }
                });
        // Kubernetes decodes JSON strictly by type: "3" is not an int and 3 is not a string.
        for (LogicalType textual : List.of(LogicalType.Textual)) {
            mapper.coercionConfigFor(textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        for (LogicalType number : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(number).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return mapper;
    }

    private static String pathOf(com.fasterxml.jackson.core.JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (var c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add(0, "[" + c.getCurrentIndex() + "]");
            } else if (c.getCurrentName() != null) {
                parts.add(0, c.getCurrentName());
            }
        }
        return String.join(".", parts).replace(".[", "[");
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining());
        return path.startsWith(".") ? path.substring(1) : path.isEmpty() ? "(object)" : path;
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).trim();
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
