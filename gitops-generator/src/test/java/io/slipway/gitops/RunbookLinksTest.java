package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.slipway.gitops.values.ValuesLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every alert a person can receive points at a runbook that exists: each PrometheusRule alert of
 * every environment, and the watch's own, has a {@code runbook_url} into docs/operating.md whose
 * anchor is a heading there (as GitLab and GitHub make anchors: lower case, spaces to dashes).
 */
class RunbookLinksTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path RUNBOOKS = Path.of("..", "docs", "operating.md");
    static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    @Test
    void everyAlertLinksToARunbookHeadingThatExists() throws Exception {
        Set<String> anchors = new TreeSet<>();
        Matcher heading = HEADING.matcher(Files.readString(RUNBOOKS));
        while (heading.find()) {
            anchors.add(heading.group(1)
                    .trim()
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9 _-]", "")
                    .replace(' ', '-'));
        }
        Set<String> linked = new TreeSet<>();
        for (String environment : new ValuesLoader(Fixtures.ENVIRONMENTS).environments()) {
            String base = String.valueOf(new ValuesLoader(Fixtures.ENVIRONMENTS)
                    .load(environment)
                    .section("monitoring")
                    .get("runbookBaseUrl"));
            assertThat(base).endsWith("/docs/operating.md");
            String rule = new Generator(Fixtures.ENVIRONMENTS)
                    .render(environment, Fixtures.IMAGE, Fixtures.COMMIT)
                    .manifests()
                    .files()
                    .get("prometheusrule.yaml");
            for (JsonNode alert : YAML.readTree(rule).at("/spec/groups/0/rules")) {
                String url = alert.at("/annotations/runbook_url").asText();
                assertThat(url)
                        .as(environment + " " + alert.path("alert").asText())
                        .startsWith(base + "#");
                assertThat(url.substring(url.indexOf('#') + 1))
                        .as("anchor of " + alert.path("alert").asText())
                        .isEqualTo(alert.path("alert").asText().toLowerCase(Locale.ROOT));
                linked.add(url.substring(url.indexOf('#') + 1));
            }
        }
        linked.add("slipwayreleasewatchfailed"); // sent by watch (WatchAlert)
        assertThat(linked).contains("slipwayautoscaleratmaximum").hasSizeGreaterThan(7);
        assertThat(anchors).containsAll(linked);
    }
}
