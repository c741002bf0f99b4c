package io.slipway.gitops.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FolderIntegrityTest {

    static final String FOLDER = "apps/slipway/dev";
    static final String IMAGE = "repo@sha256:" + "a".repeat(64);

    static Map<String, byte[]> published(Map<String, String> content, boolean withDigests) {
        Map<String, byte[]> files = new TreeMap<>();
        content.forEach((name, text) -> files.put(name, text.getBytes(StandardCharsets.UTF_8)));
        files.put("deployment.yaml", ("image: \"" + IMAGE + "\"\n").getBytes(StandardCharsets.UTF_8));
        Provenance provenance = new Provenance(
                "slipway",
                "dev",
                IMAGE,
                "sha256:" + "a".repeat(64),
                "unknown",
                "c0ffee0",
                "values",
                "test",
                withDigests ? Provenance.digests(files) : null);
        files.put(Provenance.FILE, provenance.toJson());
        return files;
    }

    @Test
    void anIntactFolderPassesAndEveryChangeIsNamed() {
        Map<String, byte[]> files = published(Map.of("a.yaml", "a: 1\n", "b.yaml", "b: 1\n"), true);
        assertThat(FolderIntegrity.check(FOLDER, files)).isEmpty();

        files.put("a.yaml", "a: 2\n".getBytes(StandardCharsets.UTF_8));
        files.remove("b.yaml");
        files.put("c.yaml", "c: 1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(FolderIntegrity.check(FOLDER, files))
                .containsExactly(
                        "apps/slipway/dev/a.yaml: modified outside Slipway",
                        "apps/slipway/dev/b.yaml: deleted outside Slipway",
                        "apps/slipway/dev/c.yaml: added outside Slipway");
    }

    @Test
    void aProvenanceThatCannotVouchForTheFolderIsAProblem() {
        assertThat(FolderIntegrity.check(FOLDER, published(Map.of("a.yaml", "a: 1\n"), false)))
                .containsExactly(
                        "apps/slipway/dev: no file digests recorded (published by an older generator); publish it again");
        Map<String, byte[]> broken = published(Map.of("a.yaml", "a: 1\n"), true);
        broken.put(Provenance.FILE, "{".getBytes(StandardCharsets.UTF_8));
        assertThat(FolderIntegrity.check(FOLDER, broken))
                .singleElement()
                .asString()
                .startsWith("apps/slipway/dev/.slipway.json: modified outside Slipway");
        assertThat(FolderIntegrity.check(FOLDER, Map.of("a.yaml", new byte[0])))
                .singleElement()
                .asString()
                .contains("missing");
    }

    @Test
    void aProvenanceThatSaysOtherThanTheFilesRunIsForged() {
        Map<String, byte[]> files = published(Map.of("a.yaml", "a: 1\n"), true);
        String json = new String(files.get(Provenance.FILE), StandardCharsets.UTF_8);
        files.put(Provenance.FILE, json.replace("a".repeat(64), "b".repeat(64)).getBytes(StandardCharsets.UTF_8));
        assertThat(FolderIntegrity.check(FOLDER, files))
                .singleElement()
                .asString()
                .isEqualTo("apps/slipway/dev/.slipway.json: modified outside Slipway (its image repo@sha256:"
                        + "b".repeat(64) + " is not the image the folder's manifests run)");
        files.put(
                Provenance.FILE,
                json.replace("sha256:" + "a".repeat(64) + "\"", "sha256:a\\\"}) or vector(1) #\"")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(FolderIntegrity.check(FOLDER, files))
                .singleElement()
                .asString()
                .startsWith("apps/slipway/dev/.slipway.json: modified outside Slipway (.slipway.json: digest");
    }
}
