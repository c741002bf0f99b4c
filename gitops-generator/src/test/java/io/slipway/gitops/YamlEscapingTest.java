package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.slipway.gitops.render.YamlScalar;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Values come out of the templates as the same strings, whatever YAML syntax they contain. */
class YamlEscapingTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<String> tricky() {
        return List.of(
                "a: b",
                "x # not a comment",
                "#leading",
                "say \"hi\"",
                "it's",
                "two\nlines",
                "tab\there",
                "{{not a template}}",
                "*alias",
                "&anchor",
                "!tag",
                "yes",
                "no",
                "on",
                "off",
                "true",
                "Null",
                "~",
                "123",
                "0x1F",
                "1e3",
                "0o17",
                ".inf",
                "- item",
                "? key",
                "[list]",
                "{map}",
                "%directive",
                "@at",
                "`tick`",
                "trailing space ",
                " leading space",
                "",
                "中文 配置",
                "emoji 🚀",
                "back\\slash",
                "a,b",
                "|",
                ">",
                "key:");
    }

    @ParameterizedTest
    @MethodSource("tricky")
    void everyScalarReadsBackAsTheSameString(String value) throws Exception {
        JsonNode parsed = YAML.readTree("key: " + YamlScalar.of(value) + "\nafter: 1\n");
        assertThat(parsed.get("key").isTextual()).as("type of " + value).isTrue();
        assertThat(parsed.get("key").asText()).isEqualTo(value);
        assertThat(parsed.get("after").asInt()).isEqualTo(1);
        assertThat(parsed.size()).isEqualTo(2);
    }

    @Test
    void plainScalarsStayReadable() {
        assertThat(YamlScalar.of("slipway-dev").toString()).isEqualTo("slipway-dev");
        assertThat(YamlScalar.of("250m").toString()).isEqualTo("250m");
        assertThat(YamlScalar.of("1").toString()).isEqualTo("\"1\"");
        assertThat(YamlScalar.quoted("x").toString()).isEqualTo("\"x\"");
    }

    @Test
    void trickyConfigValuesSurviveAFullRender(@TempDir Path temp) throws Exception {
        Path environments = Fixtures.environmentsCopy(temp);
        // One line: the values refuse a line break (ValuesTest); YamlScalar still escapes one (above).
        String value = "https://a.example: #x \"q\" {{y}} *z - line2 中文 yes";
        Fixtures.write(
                environments.resolve("dev.yaml"),
                Fixtures.read(environments.resolve("dev.yaml"))
                        .replace("CORS_ORIGINS: http://localhost:3000", "CORS_ORIGINS: " + YamlScalar.of(value)));
        String configMap = new Generator(environments)
                .render("dev", Fixtures.IMAGE, Fixtures.COMMIT)
                .manifests()
                .files()
                .get("configmap.yaml");
        JsonNode data = YAML.readTree(configMap).get("data");
        assertThat(data.get("CORS_ORIGINS").asText()).isEqualTo(value);
        assertThat(data.get("DB_POOL_MAX_SIZE").isTextual()).isTrue();
    }
}
