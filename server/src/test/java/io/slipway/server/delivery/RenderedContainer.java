package io.slipway.server.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one container of a rendered Deployment or Job, as {@code podman run} options: what the
 * kubelet would give it (command, args, environment from values, ConfigMap and Secret, user,
 * read-only root, dropped capabilities, emptyDir mounts, memory and CPU limits, ports) and what it
 * checks (probes, preStop, grace period). A container field this does not translate fails the test
 * rather than being ignored, so a template cannot outgrow what the image test proves.
 */
record RenderedContainer(
        Optional<List<String>> command,
        List<String> args,
        Map<String, String> environment,
        Map<String, Integer> ports,
        List<Probe> probes,
        List<String> runOptions,
        int preStopSleepSeconds,
        int terminationGraceSeconds) {

    /** An HTTP probe: which one, its path and the name of the port it calls. */
    record Probe(String kind, String path, String port) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TRANSLATED = Set.of(
            "name",
            "image",
            "imagePullPolicy",
            "command",
            "args",
            "ports",
            "env",
            "envFrom",
            "resources",
            "startupProbe",
            "livenessProbe",
            "readinessProbe",
            "lifecycle",
            "securityContext",
            "volumeMounts");

    /**
     * Reads {@code manifest} (a Deployment or a Job) from {@code folder}; {@code configMaps} and
     * {@code secrets} are what {@code envFrom} may name, by name.
     */
    static RenderedContainer of(
            Path folder,
            String manifest,
            Map<String, Map<String, String>> configMaps,
            Map<String, Map<String, String>> secrets) {
        JsonNode pod = read(folder.resolve(manifest)).at("/spec/template/spec");
        if (pod.path("containers").size() != 1 || pod.has("initContainers")) {
            throw new AssertionError(manifest + ": one container expected, no init containers");
        }
        JsonNode container = pod.path("containers").get(0);
        Set<String> untranslated = new TreeSet<>();
        container.fieldNames().forEachRemaining(untranslated::add);
        untranslated.removeAll(TRANSLATED);
        if (!untranslated.isEmpty()) {
            throw new AssertionError(
                    manifest + ": container fields the image test does not translate: " + untranslated);
        }

        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String kind = from.has("configMapRef") ? "configMapRef" : "secretRef";
            String name = from.path(kind).path("name").asText();
            Map<String, String> source = (kind.equals("configMapRef") ? configMaps : secrets).get(name);
            if (source == null) {
                throw new AssertionError(manifest + ": envFrom names " + kind + " " + name + ", which is not rendered");
            }
            environment.putAll(source);
        }
        for (JsonNode variable : container.path("env")) {
            if (!variable.has("value")) {
                throw new AssertionError(
                        manifest + ": env " + variable.path("name").asText() + " is not a value");
            }
            environment.put(
                    variable.path("name").asText(), variable.path("value").asText());
        }

        List<String> options = new ArrayList<>();
        JsonNode podSecurity = pod.path("securityContext");
        JsonNode security = container.path("securityContext");
        int user =
                security.path("runAsUser").asInt(podSecurity.path("runAsUser").asInt(-1));
        int group =
                security.path("runAsGroup").asInt(podSecurity.path("runAsGroup").asInt(user));
        if (user < 1) {
            throw new AssertionError(manifest + ": no non-root runAsUser");
        }
        options.add("--user=" + user + ":" + group);
        if (security.path("readOnlyRootFilesystem").asBoolean()) {
            options.add("--read-only");
        }
        for (JsonNode dropped : security.path("capabilities").path("drop")) {
            options.add("--cap-drop=" + dropped.asText());
        }
        if (!security.path("allowPrivilegeEscalation").asBoolean(true)) {
            options.add("--security-opt=no-new-privileges");
        }
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        pod.path("volumes").forEach(volume -> volumes.put(volume.path("name").asText(), volume));
        for (JsonNode mount : container.path("volumeMounts")) {
            JsonNode volume = volumes.get(mount.path("name").asText());
            if (volume == null || !volume.has("emptyDir")) {
                throw new AssertionError(manifest + ": mount " + mount + " is not an emptyDir");
            }
            String size = volume.path("emptyDir").path("sizeLimit").asText("64Mi");
            options.add(
                    "--tmpfs=" + mount.path("mountPath").asText() + ":rw,mode=1777,size=" + size.replace("Mi", "m"));
        }
        JsonNode limits = container.path("resources").path("limits");
        if (limits.has("memory")) {
            options.add("--memory="
                    + limits.path("memory").asText().replace("Gi", "g").replace("Mi", "m"));
        }
        if (limits.has("cpu")) {
            String cpu = limits.path("cpu").asText();
            options.add("--cpus=" + (cpu.endsWith("m") ? Integer.parseInt(cpu.replace("m", "")) / 1000.0 : cpu));
        }

        Map<String, Integer> ports = new LinkedHashMap<>();
        container
                .path("ports")
                .forEach(port -> ports.put(
                        port.path("name").asText(), port.path("containerPort").asInt()));
        List<Probe> probes = new ArrayList<>();
        for (String kind : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode probe = container.path(kind);
            if (!probe.isMissingNode()) {
                JsonNode http = probe.path("httpGet");
                probes.add(new Probe(
                        kind, http.path("path").asText(), http.path("port").asText()));
            }
        }
        Optional<List<String>> command =
                container.has("command") ? Optional.of(strings(container.path("command"))) : Optional.empty();
        return new RenderedContainer(
                command,
                strings(container.path("args")),
                environment,
                ports,
                probes,
                options,
                container.at("/lifecycle/preStop/sleep/seconds").asInt(0),
                pod.path("terminationGracePeriodSeconds").asInt(30));
    }

    /** The {@code data} of the ConfigMaps rendered in {@code folder}'s {@code manifest}, by name. */
    static Map<String, Map<String, String>> configMaps(Path folder, String manifest) {
        JsonNode configMap = read(folder.resolve(manifest));
        Map<String, String> data = new LinkedHashMap<>();
        configMap
                .path("data")
                .properties()
                .forEach(e -> data.put(e.getKey(), e.getValue().asText()));
        return Map.of(configMap.at("/metadata/name").asText(), data);
    }

    /** The keys of the Secret the rendered ExternalSecret makes, by the Secret's name. */
    static Map<String, List<String>> secretKeys(Path folder, String manifest) {
        JsonNode external = read(folder.resolve(manifest));
        List<String> keys = new ArrayList<>();
        external.at("/spec/data").forEach(entry -> keys.add(entry.path("name").asText()));
        return Map.of(external.at("/metadata/name").asText(), keys);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
