package io.slipway.gitops.validate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Checks a parsed object against a fabric8 model class the way the Kubernetes API server decodes
 * it: every field must be a property of its type (the models' catch-all map for unknown fields is
 * ignored), and every value must have the property's JSON type — "3" is not an integer and 3 is
 * not a string. Jackson's own introspection names each class's properties and their types; the
 * walk visits only the fields the object has, so a call pays for the handful of classes a folder
 * uses rather than building deserializers for the hundreds a Deployment can reach.
 */
final class ModelShape {

    private static final JavaType ANY = TypeFactory.unknownType();

    private final ObjectMapper mapper;
    private final DeserializationConfig config;
    private final Map<Class<?>, Map<String, JavaType>> beans = new ConcurrentHashMap<>();
    private final Map<Class<?>, Boolean> selfBinding = new ConcurrentHashMap<>();

    ModelShape(ObjectMapper mapper) {
        this.mapper = mapper;
        this.config = mapper.getDeserializationConfig();
    }

    /** Reports each problem of {@code node} read as {@code type} as (path, detail); paths as {@code spec.containers[0].name}. */
    void check(JsonNode node, Class<?> type, BiConsumer<String, String> problems) {
        walk(node, config.constructType(type), "", problems);
    }

    private void walk(JsonNode node, JavaType type, String path, BiConsumer<String, String> problems) {
        if (node.isNull()) {
            return; // the API server reads null as "not set"
        }
        Class<?> raw = type.getRawClass();
        String expected = expectedScalar(raw, node);
        if (expected != null) {
            if (!expected.isEmpty()) {
                problems.accept(path, "expected " + expected + ", got " + describe(node));
            }
        } else if (type.isCollectionLikeType() || type.isArrayType()) {
            if (!node.isArray()) {
                problems.accept(path, "expected list, got " + describe(node));
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), type.getContentType(), path + "[" + i + "]", problems);
            }
        } else if (type.isMapLikeType()) {
            if (!node.isObject()) {
                problems.accept(path, "expected map, got " + describe(node));
                return;
            }
            node.properties().forEach(e -> walk(e.getValue(), type.getContentType(), join(path, e.getKey()), problems));
        } else if (isOpen(raw)) {
            return; // any JSON value: Object, JsonNode, interfaces the models leave open
        } else if (bindsItself(raw)) {
            bindWithJackson(node, type, path, problems);
        } else if (!node.isObject()) {
            problems.accept(path, "expected object (" + raw.getSimpleName() + "), got " + describe(node));
        } else {
            Map<String, JavaType> properties = beans.computeIfAbsent(raw, c -> properties(type));
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JavaType property = properties.get(field.getKey());
                if (property == null) {
                    problems.accept(join(path, field.getKey()), "unknown field");
                } else {
                    walk(field.getValue(), property, join(path, field.getKey()), problems);
                }
            }
        }
    }

    /**
     * For a scalar type: "" when the node fits, else what was expected. Null for types that are
     * not scalars.
     */
    private static String expectedScalar(Class<?> raw, JsonNode node) {
        if (raw == String.class) {
            return node.isTextual() ? "" : "string";
        }
        if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class) {
            return node.isIntegralNumber() && node.canConvertToInt() ? "" : "integer";
        }
        if (raw == Long.class || raw == long.class || raw == BigInteger.class) {
            return node.isIntegralNumber() && (raw == BigInteger.class || node.canConvertToLong()) ? "" : "integer";
        }
        if (raw == Double.class
                || raw == double.class
                || raw == Float.class
                || raw == float.class
                || raw == BigDecimal.class) {
            return node.isNumber() ? "" : "number";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return node.isBoolean() ? "" : "boolean";
        }
        if (raw == IntOrString.class) {
            return node.isTextual() || (node.isIntegralNumber() && node.canConvertToInt()) ? "" : "integer or string";
        }
        if (raw == Quantity.class) {
            return node.isTextual() || node.isNumber() ? "" : "quantity (string or number)";
        }
        if (raw.isEnum()) {
            return node.isTextual()
                            && Arrays.stream(raw.getEnumConstants())
                                    .anyMatch(c -> c.toString().equals(node.asText()))
                    ? ""
                    : "one of " + Arrays.toString(raw.getEnumConstants());
        }
        return null;
    }

    private static boolean isOpen(Class<?> raw) {
        return raw == Object.class
                || JsonNode.class.isAssignableFrom(raw)
                || raw.isInterface()
                || (Modifier.isAbstract(raw.getModifiers()) && !raw.isPrimitive());
    }

    /** Whether values of this type are left to the type's own decoding (see {@link #hasCustomBinding}). */
    boolean bindsItself(Class<?> raw) {
        return selfBinding.computeIfAbsent(raw, ModelShape::hasCustomBinding);
    }

    /**
     * A type that decodes itself: a custom deserializer, or a one-argument creator (from a
     * scalar, e.g. Duration). Only one-argument constructors and static methods are asked for
     * annotations: reading every accessor's annotations would cost more than the check itself.
     */
    private static boolean hasCustomBinding(Class<?> raw) {
        JsonDeserialize custom = raw.getAnnotation(JsonDeserialize.class);
        return (custom != null && custom.using() != JsonDeserializer.None.class)
                || Stream.concat(
                                Arrays.stream(raw.getDeclaredConstructors()),
                                Arrays.stream(raw.getDeclaredMethods())
                                        .filter(m -> Modifier.isStatic(m.getModifiers())))
                        .filter(e -> e.getParameterCount() == 1)
                        .anyMatch(e -> e.isAnnotationPresent(JsonCreator.class));
    }

    private void bindWithJackson(JsonNode node, JavaType type, String path, BiConsumer<String, String> problems) {
        try {
            mapper.readerFor(type).readValue(node);
        } catch (IOException | IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int newline = message.indexOf('\n');
            problems.accept(
                    path,
                    "not a valid " + type.getRawClass().getSimpleName() + ": "
                            + (newline < 0 ? message : message.substring(0, newline)).trim());
        }
    }

    /**
     * A model class's properties by JSON name: its {@code @JsonProperty} fields, which is how the
     * fabric8 generator declares every property (ModelShapeTest holds this equal to Jackson's full
     * introspection for every model class). Reading fields only skips the accessors' and
     * constructors' annotations, most of the cost of a first look at a class.
     */
    Map<String, JavaType> properties(JavaType type) {
        Map<String, JavaType> properties = new HashMap<>();
        for (Class<?> c = type.getRawClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                JsonProperty property = field.getAnnotation(JsonProperty.class);
                if (property == null
                        || Modifier.isStatic(field.getModifiers())
                        || field.isAnnotationPresent(JsonIgnore.class)) {
                    continue;
                }
                JsonDeserialize custom = field.getAnnotation(JsonDeserialize.class);
                JavaType propertyType = custom != null && custom.using() != JsonDeserializer.None.class
                        ? ANY // decodes itself: any JSON value reaches its deserializer
                        : config.getTypeFactory().resolveMemberType(field.getGenericType(), type.getBindings());
                properties.putIfAbsent(property.value().isEmpty() ? field.getName() : property.value(), propertyType);
            }
        }
        return properties;
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "string " + node.toString();
        }
        if (node.isIntegralNumber()) {
            return "integer " + node.asText();
        }
        if (node.isNumber()) {
            return "number " + node.asText();
        }
        if (node.isBoolean()) {
            return "boolean " + node.asText();
        }
        return node.isArray()
                ? "list"
                : node.isObject() ? "map" : node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
