package io.slipway.gitops.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.gitops.TerminalText;
import io.slipway.gitops.validate.Manifest;
import io.slipway.gitops.validate.ManifestSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a delivery changes in the cluster, in words a reviewer reads in ten seconds: objects added
 * and removed, and per changed object the fields that matter with their old and new values — the
 * image, replica counts and autoscaler bounds, resources, probes, ingress hosts, every ConfigMap
 * key — and the names of the secrets the folder refers to, never a secret's value. Other changed
 * fields are named, not shown. Computed from the objects, not the lines, of the old and new folder.
 */
public final class ChangeSummary {

    /** Leaf paths shown with their values; everything else changed is only named. */
    private static final Pattern SHOWN = Pattern.compile("spec\\.(replicas|minReplicas|maxReplicas)"
            + "|spec\\.template\\.spec\\.(initC|c)ontainers\\[\\d+]\\.(image|resources\\..*|(liveness|readiness|startup)Probe\\..*)"
            + "|spec\\.jobTemplate\\.spec\\.template\\.spec\\.containers\\[\\d+]\\.image"
            + "|spec\\.rules\\[\\d+]\\.host|spec\\.tls\\[\\d+]\\.hosts\\[\\d+]");
    /** Paths of no interest to a reviewer: they change with every deploy and say nothing new. */
    private static final Pattern QUIET = Pattern.compile(
            "metadata\\.(labels|annotations)\\.(app\\.kubernetes\\.io/version|slipway\\.io/source-commit)"
                    + "|spec\\.template\\.metadata\\.(labels|annotations)\\.(app\\.kubernetes\\.io/version|slipway\\.io/source-commit)"
                    + "|spec\\.template\\.spec\\.containers\\[\\d+]\\.env\\[\\d+]\\.value@SLIPWAY_(IMAGE|REVISION)");

    private static final int MAX_NAMED = 8;

    /**
     * Where the change came from, for the summary's last lines.
     *
     * @param sourceRepository e.g. {@code $CI_PROJECT_URL}, or {@code unknown}
     * @param oldSourceCommit  the source commit the folder held before, if any
     * @param newSourceCommit  the source commit it holds now
     * @param pipeline         the pipeline URL, or {@code none}
     * @param generator        the generator version
     */
    public record Origin(
            String sourceRepository,
            Optional<String> oldSourceCommit,
            String newSourceCommit,
            String pipeline,
            String generator) {}

    private ChangeSummary() {}

    /** The Markdown summary of replacing {@code before} with {@code after} (file name to bytes). */
    public static String of(Map<String, byte[]> before, Map<String, byte[]> after, Origin origin) {
        Map<String, JsonNode> old = objects(before);
        Map<String, JsonNode> now = objects(after);
        List<String> lines = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>(old.keySet());
        ids.addAll(now.keySet());
        for (String id : ids) {
            JsonNode was = old.get(id);
            JsonNode is = now.get(id);
            if (was == null) {
                lines.add("- **" + TerminalText.visible(id) + "** added");
            } else if (is == null) {
                lines.add("- **" + TerminalText.visible(id) + "** removed");
            } else if (!was.equals(is)) {
                describeChange(id, was, is, lines);
            }
        }
        if (lines.isEmpty()) {
            lines.add("- no object changes (only Slipway's own records)");
        }
        TreeSet<String> secrets = new TreeSet<>();
        now.values().forEach(object -> secretNames(object, secrets));
        lines.add("");
        lines.add("Secrets referenced (names only): "
                + (secrets.isEmpty()
                        ? "none"
                        : "`"
                                + String.join(
                                        "`, `",
                                        secrets.stream()
                                                .map(TerminalText::visible)
                                                .toList()) + "`"));
        lines.add("Source: " + source(origin));
        lines.add("Pipeline: " + origin.pipeline() + " · Generator: " + origin.generator() + " · Validation: passed ("
                + now.size() + " objects)");
        return String.join("\n", lines);
    }

    private static void describeChange(String id, JsonNode was, JsonNode is, List<String> lines) {
        Map<String, String[]> changes = new TreeMap<>();
        diff("", was, is, changes);
        boolean secret = id.startsWith("Secret/");
        boolean configMap = id.startsWith("ConfigMap/");
        List<String> shown = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (Map.Entry<String, String[]> change : changes.entrySet()) {
            String path = change.getKey();
            String[] values = change.getValue();
            String env = envName(path, was, is);
            if (QUIET.matcher(env.isEmpty() ? path : path + "@" + env).matches()) {
                continue;
            }
            if (!env.isEmpty() && !secret) {
                shown.add("  - env " + TerminalText.visible(env) + ": " + value(values[0]) + " → " + value(values[1]));
                continue;
            }
            if (!secret && (SHOWN.matcher(path).matches() || (configMap && path.startsWith("data.")))) {
                shown.add("  - " + TerminalText.visible(label(path, was, is)) + ": " + value(values[0]) + " → "
                        + value(values[1]));
            } else {
                named.add(TerminalText.visible(path));
            }
        }
        if (shown.isEmpty() && named.isEmpty()) {
            lines.add("- **" + TerminalText.visible(id) + "** changed: version labels only");
            return;
        }
        lines.add("- **" + TerminalText.visible(id) + "** changed");
        lines.addAll(shown);
        if (!named.isEmpty()) {
            lines.add("  - also: " + String.join(", ", named.subList(0, Math.min(MAX_NAMED, named.size())))
                    + (named.size() > MAX_NAMED ? " and " + (named.size() - MAX_NAMED) + " more" : ""));
        }
    }

    /** The variable's name when {@code path} is a container's {@code env[i].value}, else empty. */
    private static String envName(String path, JsonNode was, JsonNode is) {
        Matcher env = Pattern.compile("(.*\\.env\\[\\d+])\\.value").matcher(path);
        if (!env.matches()) {
            return "";
        }
        String pointer = "/" + env.group(1).replace(".", "/").replaceAll("\\[(\\d+)]", "/$1") + "/name";
        return is.at(pointer).asText(was.at(pointer).asText(""));
    }

    /** Leaf-by-leaf differences: path to {old, new}, a missing side as null. */
    private static void diff(String path, JsonNode was, JsonNode is, Map<String, String[]> changes) {
        if (was != null && is != null && was.isObject() && is.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            was.fieldNames().forEachRemaining(keys::add);
            is.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                diff(path.isEmpty() ? key : path + "." + key, was.get(key), is.get(key), changes);
            }
        } else if (was != null && is != null && was.isArray() && is.isArray()) {
            for (int i = 0; i < Math.max(was.size(), is.size()); i++) {
                diff(path + "[" + i + "]", was.get(i), is.get(i), changes);
            }
        } else if (was == null || is == null || !was.equals(is)) {
            changes.put(path, new String[] {text(was), text(is)});
        }
    }

    /** A container's fields say which container: "image (slipway)". */
    private static String label(String path, JsonNode was, JsonNode is) {
        Matcher container = Pattern.compile("(.*containers\\[(\\d+)])\\.(.*)").matcher(path);
        if (container.matches()) {
            JsonNode named = is.at("/" + container.group(1).replace(".", "/").replaceAll("\\[(\\d+)]", "/$1"));
            if (named.isMissingNode()) {
                named = was.at("/" + container.group(1).replace(".", "/").replaceAll("\\[(\\d+)]", "/$1"));
            }
            return container.group(3) + " (" + named.path("name").asText("container " + container.group(2)) + ")";
        }
        return path;
    }

    private static String text(JsonNode node) {
        return node == null ? null : node.isValueNode() ? node.asText() : node.toString();
    }

    /**
     * A value as the summary shows it: in backticks, a backtick in it as a quote, and every line
     * break or control character as an escape ({@code \n}, {@code \x1b}), so no value can start a
     * line of its own in the commit body or the merge request (a forged trailer or evidence block).
     */
    private static String value(String text) {
        return text == null ? "(none)" : "`" + TerminalText.visible(text).replace("`", "'") + "`";
    }

    private static void secretNames(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if ((field.getKey().equals("secretRef")
                                || field.getKey().equals("secretKeyRef")
                                || field.getKey().equals("urlSecret"))
                        && field.getValue().hasNonNull("name")) {
                    names.add(field.getValue().get("name").asText());
                } else if (field.getKey().equals("secret") && field.getValue().hasNonNull("secretName")) {
                    names.add(field.getValue().get("secretName").asText());
                } else if (field.getKey().equals("imagePullSecrets")) {
                    field.getValue()
                            .forEach(secret -> names.add(secret.path("name").asText()));
                }
                secretNames(field.getValue(), names);
            });
        } else if (node.isArray()) {
            node.forEach(element -> secretNames(element, names));
        }
    }

    private static String source(Origin origin) {
        String commit = origin.newSourceCommit();
        boolean linkable = origin.sourceRepository().startsWith("http");
        if (origin.oldSourceCommit().isPresent()
                && !origin.oldSourceCommit().get().equals(commit)) {
            String range = origin.oldSourceCommit().get() + "..." + commit;
            return linkable
                    ? "[" + shortRange(origin.oldSourceCommit().get(), commit) + "](" + origin.sourceRepository()
                            + "/-/compare/" + range + ")"
                    : "`" + range + "`";
        }
        return linkable
                ? "[" + shortCommit(commit) + "](" + origin.sourceRepository() + "/-/commit/" + commit + ")"
                : "`" + commit + "`";
    }

    private static String shortRange(String from, String to) {
        return shortCommit(from) + "..." + shortCommit(to);
    }

    private static String shortCommit(String commit) {
        return commit.substring(0, Math.min(12, commit.length()));
    }

    /** Objects by {@code Kind/name}; the provenance file and unparsable files are not objects. */
    private static Map<String, JsonNode> objects(Map<String, byte[]> files) {
        Map<String, String> text = new TreeMap<>();
        files.forEach((name, bytes) -> {
            if (!name.equals(Provenance.FILE) && !name.equals(ManifestSet.KUSTOMIZATION)) {
                text.put(name, new String(bytes, StandardCharsets.UTF_8));
            }
        });
        Map<String, JsonNode> objects = new LinkedHashMap<>();
        for (Manifest manifest : ManifestSet.parse(text).manifests()) {
            objects.put(manifest.id(), manifest.node());
        }
        return objects;
    }
}
