package io.slipway.gitops.validate;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps {@code apiVersion}/{@code kind} to the fabric8 model class generated from the Kubernetes
 * OpenAPI schema. The model jars list their classes in {@code META-INF/services}; only the
 * classes whose simple name is the kind asked for are ever loaded.
 */
final class KubernetesKinds {

    private static final String SERVICES = "META-INF/services/" + KubernetesResource.class.getName();

    private final Map<String, List<String>> classNamesByKind = new HashMap<>();
    private final Map<String, Optional<Class<?>>> resolved = new ConcurrentHashMap<>();

    KubernetesKinds() {
        try {
            Enumeration<URL> lists = KubernetesKinds.class.getClassLoader().getResources(SERVICES);
            while (lists.hasMoreElements()) {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(lists.nextElement().openStream(), StandardCharsets.UTF_8))) {
                    reader.lines()
                            .map(String::trim)
                            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                            .forEach(name -> classNamesByKind
                                    .computeIfAbsent(name.substring(name.lastIndexOf('.') + 1), k -> new ArrayList<>())
                                    .add(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The model class for a top-level object, if the kind is known at that apiVersion. */
    Optional<Class<?>> find(String apiVersion, String kind) {
        return resolved.computeIfAbsent(apiVersion + "/" + kind, key -> lookup(apiVersion, kind));
    }

    private Optional<Class<?>> lookup(String apiVersion, String kind) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        for (String name : classNamesByKind.getOrDefault(kind, List.of())) {
            try {
                Class<?> type = Class.forName(name, false, KubernetesKinds.class.getClassLoader());
                Group g = type.getAnnotation(Group.class);
                Version v = type.getAnnotation(Version.class);
                if (g != null
                        && v != null
                        && g.value().equals(group)
                        && v.value().equals(version)) {
                    return Optional.of(type);
                }
            } catch (ClassNotFoundException e) {
                // listed but absent: not a kind this build knows
            }
        }
        return Optional.empty();
    }
}
