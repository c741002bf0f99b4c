package io.slipway.gitops.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rules on every pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
 * Pod): the Pod Security Standards {@code restricted} profile, a read-only root filesystem,
 * resources, probes on long-running workloads, and pinned images.
 */
final class PodSecurityRules {

    private static final Set<String> ALLOWED_VOLUMES = Set.of(
            "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> LONG_RUNNING = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet");

    private PodSecurityRules() {}

    /** The pod template of a workload, or a missing node when the object runs no pods. */
    static JsonNode podSpec(Manifest manifest) {
        JsonNode node = manifest.node();
        return switch (manifest.kind()) {
            case "Pod" -> node.path("spec");
            case "CronJob" ->
                node.path("spec")
                        .path("jobTemplate")
                        .path("spec")
                        .path("template")
                        .path("spec");
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
                node.path("spec").path("template").path("spec");
            default -> node.path("__none__");
        };
    }

    static void check(Manifest manifest, boolean production, Consumer<Problem> problems) {
        JsonNode pod = podSpec(manifest);
        if (pod.isMissingNode()) {
            return;
        }
        for (String hostNamespace : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (pod.path(hostNamespace).asBoolean(false)) {
                problems.accept(manifest.problem("pod-security", hostNamespace + " must not be true"));
            }
        }
        for (JsonNode volume : pod.path("volumes")) {
            volume.fieldNames().forEachRemaining(field -> {
                if (!field.equals("name") && !ALLOWED_VOLUMES.contains(field)) {
                    problems.accept(manifest.problem(
                            "pod-security",
                            "volume " + volume.path("name").asText() + ": " + field + " volumes are not allowed"));
                }
            });
        }
        JsonNode podContext = pod.path("securityContext");
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (JsonNode container : pod.path(list)) {
                checkContainer(manifest, production, podContext, container, "containers".equals(list), problems);
            }
        }
    }

    private static void checkContainer(
            Manifest manifest,
            boolean production,
            JsonNode podContext,
            JsonNode container,
            boolean main,
            Consumer<Problem> problems) {
        String name = "container " + container.path("name").asText("?") + ": ";
        JsonNode context = container.path("securityContext");
        if (context.path("privileged").asBoolean(false)) {
            problems.accept(manifest.problem("pod-security", name + "privileged must not be true"));
        }
        if (!context.path("allowPrivilegeEscalation").isBoolean()
                || context.path("allowPrivilegeEscalation").asBoolean()) {
            problems.accept(
                    manifest.problem("pod-security", name + "securityContext.allowPrivilegeEscalation must be false"));
        }
        boolean dropsAll = false;
        for (JsonNode capability : context.path("capabilities").path("drop")) {
            dropsAll |= "ALL".equals(capability.asText());
        }
        if (!dropsAll) {
            problems.accept(
                    manifest.problem("pod-security", name + "securityContext.capabilities.drop must contain ALL"));
        }
        for (JsonNode capability : context.path("capabilities").path("add")) {
            if (!"NET_BIND_SERVICE".equals(capability.asText())) {
                problems.accept(manifest.problem(
                        "pod-security", name + "capability " + capability.asText() + " may not be added"));
            }
        }
        if (!effective(context, podContext, "runAsNonRoot").asBoolean(false)) {
            problems.accept(manifest.problem("pod-security", name + "runAsNonRoot must be true (container or pod)"));
        }
        JsonNode user = effective(context, podContext, "runAsUser");
        if (!user.canConvertToLong() || user.asLong() == 0) {
            problems.accept(manifest.problem("pod-security", name + "runAsUser must be a numeric, non-zero user id"));
        }
        String seccomp =
                effective(context, podContext, "seccompProfile").path("type").asText("");
        if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
            problems.accept(
                    manifest.problem("pod-security", name + "seccompProfile.type must be RuntimeDefault or Localhost"));
        }
        for (JsonNode port : container.path("ports")) {
            if (port.path("hostPort").asInt(0) != 0) {
                problems.accept(manifest.problem("pod-security", name + "hostPort must not be set"));
            }
        }
        if (!context.path("readOnlyRootFilesystem").asBoolean(false)) {
            problems.accept(
                    manifest.problem(
                            "read-only-root",
                            name
                                    + "securityContext.readOnlyRootFilesystem must be true (mount an emptyDir for scratch space)"));
        }
        checkResources(manifest, name, container.path("resources"), problems);
        if (LONG_RUNNING.contains(manifest.kind()) && main) {
            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                if (container.path(probe).isMissingNode()) {
                    problems.accept(manifest.problem("probes", name + probe + " is missing"));
                }
            }
        }
        checkImage(manifest, production, name, container.path("image").asText(""), problems);
    }

    private static void checkResources(Manifest manifest, String name, JsonNode resources, Consumer<Problem> problems) {
        for (String section : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (resources.path(section).path(resource).isMissingNode()) {
                    problems.accept(manifest.problem(
                            "resources", name + "resources." + section + "." + resource + " is missing"));
                }
            }
        }
    }

    private static void checkImage(
            Manifest manifest, boolean production, String name, String image, Consumer<Problem> problems) {
        int digestAt = image.indexOf('@');
        String withoutDigest = digestAt < 0 ? image : image.substring(0, digestAt);
        int lastSlash = withoutDigest.lastIndexOf('/');
        int tagAt = withoutDigest.indexOf(':', lastSlash + 1);
        String tag = tagAt < 0 ? "" : withoutDigest.substring(tagAt + 1);
        if (image.isEmpty()) {
            problems.accept(manifest.problem("image", name + "image is missing"));
        } else if (tag.equals("latest")) {
            problems.accept(
                    manifest.problem("image", name + image + ": the tag latest is mutable; pin a version or digest"));
        } else if (digestAt < 0 && tag.isEmpty()) {
            problems.accept(manifest.problem("image", name + image + ": untagged image; pin a tag or digest"));
        } else if (production && digestAt < 0) {
            problems.accept(
                    manifest.problem("image", name + image + ": production images must be pinned by @sha256 digest"));
        }
    }

    private static JsonNode effective(JsonNode container, JsonNode pod, String field) {
        return container.has(field) ? container.path(field) : pod.path(field);
    }
}
