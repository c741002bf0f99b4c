package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code kubectl} lines of the operator's pages name what production's rendered manifests hold:
 * the namespace, the Deployment and its container, the pod labels a selector matches, the
 * ConfigMap, the Secret and the Job. A renamed resource or label fails here, not at 03:00.
 */
class RunbookCommandsTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final List<Path> PAGES =
            List.of(Path.of("..", "docs", "runbooks.md"), Path.of("..", "docs", "operating.md"));
    static final Pattern NAMESPACE = Pattern.compile("(?:^|\\s)-n (\\S+)");
    static final Pattern TYPED_NAME = Pattern.compile("(?:^|\\s)(deploy|job)/([a-z0-9-]+)");
    static final Pattern GET =
            Pattern.compile("\\bget (configmap|secret|externalsecret|job|deployment|hpa|pdb) ([a-z0-9-]+)");
    static final Pattern SELECTOR = Pattern.compile("(?:^|\\s)-l (\\S+)");
    static final Pattern CONTAINER = Pattern.compile("(?:^|\\s)(?:-c|--target=)\\s?([a-z0-9-]+)");
    static final Pattern DEBUG_CONTAINER = Pattern.compile("--container=([a-z0-9-]+)");

    static final Set<String> resources = new HashSet<>();
    static JsonNode deployment;
    static String namespace;

    @BeforeAll
    static void render() throws Exception {
        Map<String, String> files = new Generator(Fixtures.ENVIRONMENTS)
                .render("production", Fixtures.IMAGE, Fixtures.COMMIT)
                .manifests()
                .files();
        for (String file : files.values()) {
            try (MappingIterator<JsonNode> documents =
                    YAML.readerFor(JsonNode.class).readValues(file)) {
                for (JsonNode document : documents.readAll()) {
                    String kind = document.path("kind").asText();
                    String name = document.at("/metadata/name").asText();
                    resources.add(kind + "/" + name);
                    if (kind.equals("Deployment")) {
                        deployment = document;
                        namespace = document.at("/metadata/namespace").asText();
                    }
                    if (kind.equals("ExternalSecret")) {
                        resources.add("Secret/" + name);
                    }
                }
            }
        }
    }

    @Test
    void everyKubectlLineNamesWhatProductionRenders() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path page : PAGES) {
            String text = Files.readString(page);
            Set<String> debugContainers = new HashSet<>();
            Matcher declared = DEBUG_CONTAINER.matcher(text);
            while (declared.find()) {
                debugContainers.add(declared.group(1));
            }
            for (String line : text.lines().filter(l -> l.contains("kubectl ")).toList()) {
                String command = line.substring(line.indexOf("kubectl "));
                checked++;
                Matcher ns = NAMESPACE.matcher(command);
                while (ns.find()) {
                    String value = ns.group(1).replace("$NS", namespace);
                    if (!value.equals(namespace) && !value.matches("slipway-(dev|staging|<env>)")) {
                        problems.add(page.getFileName() + ": namespace " + value + " in: " + command);
                    }
                }
                Matcher typed = TYPED_NAME.matcher(command);
                while (typed.find()) {
                    String kind = typed.group(1).equals("deploy") ? "Deployment" : "Job";
                    check(
                            resources.contains(kind + "/" + typed.group(2)),
                            page,
                            kind + " " + typed.group(2),
                            command,
                            problems);
                }
                Matcher get = GET.matcher(command);
                while (get.find()) {
                    String kind = switch (get.group(1)) {
                        case "configmap" -> "ConfigMap";
                        case "secret" -> "Secret";
                        case "externalsecret" -> "ExternalSecret";
                        case "job" -> "Job";
                        case "deployment" -> "Deployment";
                        case "hpa" -> "HorizontalPodAutoscaler";
                        default -> "PodDisruptionBudget";
                    };
                    check(
                            resources.contains(kind + "/" + get.group(2)),
                            page,
                            kind + " " + get.group(2),
                            command,
                            problems);
                }
                Matcher selector = SELECTOR.matcher(command);
                while (selector.find()) {
                    for (String pair : selector.group(1).split(",")) {
                        String[] kv = pair.split("=", 2);
                        JsonNode label =
                                deployment.at("/spec/template/metadata/labels").path(kv[0]);
                        check(label.asText().equals(kv[1]), page, "pod label " + pair, command, problems);
                    }
                }
                Matcher container = CONTAINER.matcher(command);
                while (container.find()) {
                    String name = container.group(1);
                    boolean exists = false;
                    for (JsonNode c : deployment.at("/spec/template/spec/containers")) {
                        exists |= c.path("name").asText().equals(name);
                    }
                    check(exists || debugContainers.contains(name), page, "container " + name, command, problems);
                }
            }
        }
        assertThat(checked).as("kubectl lines read").isGreaterThan(15);
        assertThat(problems).isEmpty();
    }

    static void check(boolean holds, Path page, String what, String command, List<String> problems) {
        if (!holds) {
            problems.add(page.getFileName() + ": no " + what + " in production's manifests, in: " + command);
        }
    }
}
