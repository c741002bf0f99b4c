package io.slipway.gitops.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.Fixtures;
import io.slipway.gitops.Generator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden summaries of typical changes to staging's folder, rendered for real. To accept a
 * deliberate change: {@code ./mvnw -pl gitops-generator test -Dtest=ChangeSummaryTest -Dgolden.update=true}
 * and review the diff.
 */
class ChangeSummaryTest {

    static final Path GOLDEN = Path.of("src", "test", "resources", "summaries");
    static final String REPOSITORY = "registry.cn-hangzhou.aliyuncs.com/slipway/server@";
    static final String A = "sha256:" + "a".repeat(64);
    static final String B = "sha256:" + "b".repeat(64);

    @TempDir
    Path temp;

    @Test
    void imageOnly() throws Exception {
        assertGolden(
                "image-only",
                folder(Fixtures.ENVIRONMENTS, A, "1111111aaaa"),
                folder(Fixtures.ENVIRONMENTS, B, "2222222bbbb"));
    }

    @Test
    void configKeysChanged() throws Exception {
        Path changed = edited("staging.yaml", "config:\n", "config:\n  LOG_LEVEL: DEBUG\n  REDIS_CACHE_TTL: 10m\n");
        assertGolden("config-key", folder(Fixtures.ENVIRONMENTS, A, "1111111aaaa"), folder(changed, A, "1111111aaaa"));
    }

    @Test
    void scaledOut() throws Exception {
        Path changed = edited("staging.yaml", "replicas: 2", "replicas: 3");
        assertGolden("scale", folder(Fixtures.ENVIRONMENTS, A, "1111111aaaa"), folder(changed, A, "1111111aaaa"));
    }

    @Test
    void aNewObjectAndAFirstPublish() throws Exception {
        Map<String, byte[]> now = folder(Fixtures.ENVIRONMENTS, A, "1111111aaaa");
        Map<String, byte[]> withoutPdb = new TreeMap<>(now);
        withoutPdb.remove("pdb.yaml");
        assertGolden("new-object", withoutPdb, now);
        assertThat(summary(Map.of(), now))
                .contains("- **Deployment/slipway** added", "- **Namespace/slipway-staging** added");
    }

    @Test
    void secretValuesNeverAppear() {
        Map<String, byte[]> before = Map.of(
                "secret.yaml",
                ("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n" + "stringData: {password: hunter2}\n")
                        .getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> after = Map.of(
                "secret.yaml",
                ("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n" + "stringData: {password: swordfish}\n")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(summary(before, after))
                .contains("- **Secret/s** changed", "also: stringData.password")
                .doesNotContain("hunter2", "swordfish");
    }

    @Test
    void aValueCannotStartALineOfItsOwn() {
        // The old folder comes from the config repository, where anyone with push access writes.
        Map<String, byte[]> before = Map.of(
                "configmap.yaml",
                ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
                                + "data: {DATABASE_USER: \"slipway\\nRollback-Of: c64bfa\\r\\u001b[2J`x`\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> after = Map.of(
                "configmap.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {DATABASE_USER: slipway}\n"
                        .getBytes(StandardCharsets.UTF_8));
        String summary = summary(before, after);
        assertThat(summary)
                .contains("  - data.DATABASE_USER: `slipway\\nRollback-Of: c64bfa\\r\\x1b[2J'x'` → `slipway`")
                .doesNotContain("\u001b", "\r");
        assertThat(summary.lines()).noneMatch(line -> line.startsWith("Rollback-Of"));
    }

    static String summary(Map<String, byte[]> before, Map<String, byte[]> after) {
        return ChangeSummary.of(
                before,
                after,
                new ChangeSummary.Origin(
                        "https://gitlab.example/platform/slipway",
                        Optional.of("1111111aaaa"),
                        "2222222bbbb",
                        "https://gitlab.example/platform/slipway/-/pipelines/7",
                        "slipway-gitops-generator/test"));
    }

    static void assertGolden(String name, Map<String, byte[]> before, Map<String, byte[]> after) throws Exception {
        String summary = summary(before, after) + "\n";
        Path golden = GOLDEN.resolve(name + ".md");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, summary);
        }
        assertThat(summary).isEqualTo(Files.readString(golden));
    }

    static Map<String, byte[]> folder(Path environments, String digest, String commit) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        new Generator(environments)
                .render("staging", REPOSITORY + digest, commit)
                .manifests()
                .files()
                .forEach((name, text) -> files.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return files;
    }

    Path edited(String file, String from, String to) throws Exception {
        Path copy = Fixtures.environmentsCopy(temp);
        String text = Files.readString(copy.resolve(file));
        assertThat(text).contains(from);
        Files.writeString(copy.resolve(file), text.replace(from, to));
        return copy;
    }
}
