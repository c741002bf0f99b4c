package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.slipway.gitops.render.RenderedEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every environment renders exactly the reviewed golden files, byte for byte and every time, and
 * kustomize accepts the result. After an intended template or values change, regenerate with
 * {@code ./mvnw -pl gitops-generator test -Dtest=GoldenFilesTest -Dgolden.update=true} and review the diff.
 */
class GoldenFilesTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "production"})
    void rendersTheGoldenFiles(String environment) throws Exception {
        RenderedEnvironment rendered = Fixtures.render(environment);
        Path golden = Fixtures.GOLDEN.resolve(environment);
        if (Boolean.getBoolean("golden.update")) {
            if (Files.exists(golden)) {
                try (Stream<Path> old = Files.list(golden)) {
                    for (Path file : old.toList()) {
                        Files.delete(file);
                    }
                }
            }
            Files.createDirectories(golden);
            rendered.files().forEach((name, text) -> Fixtures.write(golden.resolve(name), text));
        }
        assertThat(rendered.files()).isEqualTo(read(golden));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "production"})
    void renderingIsDeterministic(String environment) throws Exception {
        assertThat(Fixtures.render(environment).files())
                .isEqualTo(Fixtures.render(environment).files());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "production"})
    void kustomizeBuildsEveryEnvironment(String environment) throws Exception {
        assumeThat(kubectlAvailable())
                .as("kubectl is not installed; skipping the kustomize check")
                .isTrue();
        Path folder = temp.resolve(environment);
        Files.createDirectories(folder);
        Fixtures.render(environment).files().forEach((name, text) -> Fixtures.write(folder.resolve(name), text));
        Process kustomize = new ProcessBuilder("kubectl", "kustomize", folder.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(kustomize.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kustomize.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kustomize.exitValue()).as(output).isZero();
        assertThat(output).contains("kind: Deployment", "kind: Namespace");
    }

    /** The variants the default environments do not use: ESO secrets and an nginx ingress. */
    @Test
    void externalSecretsOperatorAndNginxVariantsRenderValid() throws Exception {
        Path environments = Fixtures.environmentsCopy(temp.resolve("variants"));
        Path dev = environments.resolve("dev.yaml");
        Fixtures.write(
                dev,
                Fixtures.read(dev) + "secrets:\n  provider: external-secrets\n  clusterSecretStore: kms-store\n"
                        + "ingress:\n  className: nginx\nnetwork:\n  ingressFromNamespace: ingress-nginx\n  ingressFromCidrs: []\n");
        Map<String, String> files = new Generator(environments)
                .render("dev", Fixtures.IMAGE, Fixtures.COMMIT)
                .manifests()
                .files();
        assertThat(files).doesNotContainKey("secretstore.yaml");
        assertThat(files.get("externalsecret.yaml"))
                .contains(
                        "apiVersion: external-secrets.io/v1",
                        "kind: ClusterSecretStore",
                        "name: kms-store",
                        "secretKey: DATABASE_PASSWORD");
        assertThat(files.get("ingress.yaml"))
                .contains("ingressClassName: nginx", "nginx.ingress.kubernetes.io/ssl-redirect")
                .doesNotContain("alb.ingress");
        assertThat(files.get("networkpolicy.yaml"))
                .contains("kubernetes.io/metadata.name: ingress-nginx")
                .doesNotContain("ipBlock:\n            cidr: 10.0.0");
    }

    static boolean kubectlAvailable() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Map<String, String> read(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            entries.forEach(p -> files.put(p.getFileName().toString(), Fixtures.read(p)));
        }
        return files;
    }
}
