package io.slipway.gitops.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The schema check reads a model class's properties from its {@code @JsonProperty} fields, for
 * speed; this holds that view equal to Jackson's full introspection (fields, setters, creators,
 * ignorals) for every class reachable from every kind the model jars list.
 */
class ModelShapeTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ModelShape shape = new ModelShape(mapper);

    @Test
    void fieldPropertiesEqualJacksonsForEveryModelClass() throws Exception {
        DeserializationConfig config = mapper.getDeserializationConfig();
        Deque<JavaType> pending = new ArrayDeque<>();
        for (URL list : Collections.list(
                getClass().getClassLoader().getResources("META-INF/services/" + KubernetesResource.class.getName()))) {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(list.openStream(), StandardCharsets.UTF_8))) {
                for (String name : reader.lines()
                        .map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .toList()) {
                    pending.add(config.constructType(Class.forName(name)));
                }
            }
        }
        Set<Class<?>> seen = new HashSet<>();
        List<String> differences = new ArrayList<>();
        while (!pending.isEmpty()) {
            JavaType type = pending.pop();
            while (type.isContainerType() || type.isArrayType()) {
                type = type.getContentType();
            }
            Class<?> raw = type.getRawClass();
            if (!raw.getName().startsWith("io.fabric8.")
                    || raw.isInterface()
                    || raw.isEnum()
                    || Modifier.isAbstract(raw.getModifiers())
                    || raw == IntOrString.class
                    || raw == Quantity.class
                    || shape.bindsItself(raw)
                    || !seen.add(raw)) {
                continue;
            }
            Map<String, String> jackson = new TreeMap<>();
            for (BeanPropertyDefinition property : config.introspect(type).findProperties()) {
                if (property.getNonConstructorMutator() != null || property.hasConstructorParameter()) {
                    jackson.put(property.getName(), property.getPrimaryType().toCanonical());
                }
            }
            Map<String, String> fields = new TreeMap<>();
            shape.properties(type).forEach((name, propertyType) -> {
                fields.put(name, propertyType.toCanonical());
                pending.add(propertyType);
            });
            if (!fields.equals(jackson)) {
                differences.add(raw.getName() + ": fields " + fields + " but Jackson " + jackson);
            }
        }
        assertThat(seen).hasSizeGreaterThan(500);
        assertThat(differences).isEmpty();
    }
}
