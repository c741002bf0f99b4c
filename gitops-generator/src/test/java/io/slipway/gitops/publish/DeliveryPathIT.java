package io.slipway.gitops.publish;

import static io.slipway.gitops.support.GitHttpServer.git;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.slipway.gitops.CliRun;
import io.slipway.gitops.support.GeneratorRuns;
import io.slipway.gitops.support.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole way on one machine: both jars built, every environment rendered, dev and staging
 * published to a real git server, production promoted as a merge request, the result cloned with
 * the git CLI, every folder built by kustomize, and the Argo CD ApplicationSet checked against
 * the folders it will find.
 */
class DeliveryPathIT {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path ARGOCD = Path.of("..", "argocd");

    @TempDir
    Path temp;

    @Test
    void fromJarsToArgoCd() throws Exception {
        assertThat(Path.of("..", "server", "target", "server.jar")).exists();
        assertThat(Path.of("target", "gitops-generator.jar")).exists();
        String image = GeneratorRuns.REPOSITORY + "@" + GeneratorRuns.DIGEST_A;
        for (String env : List.of("dev", "staging", "production")) {
            CliRun render = GeneratorRuns.cli(
                    Map.of(),
                    "render",
                    "--env",
                    env,
                    "--image",
                    image,
                    "--out",
                    temp.resolve("rendered").resolve(env).toString(),
                    "--environments",
                    GeneratorRuns.environments().toString());
            assertThat(render.exit()).as(render.err()).isZero();
        }
        CliRun argocd = GeneratorRuns.cli(Map.of(), "validate", ARGOCD.toString());
        assertThat(argocd.exit()).as(argocd.err()).isZero();

        try (GitHttpServer server = GitHttpServer.start(Files.createDirectories(temp.resolve("server")))) {
            String url = server.createRepository("config.git", true);
            for (String env : List.of("dev", "staging")) {
                CliRun publish = GeneratorRuns.cli(
                        Map.of(),
                        "publish",
                        "--env",
                        env,
                        "--image",
                        image,
                        "--repo",
                        url,
                        "--environments",
                        GeneratorRuns.environments().toString(),
                        "--source-commit",
                        "e2e0000");
                assertThat(publish.exit()).as(publish.err()).isZero();
            }
            CliRun promote = GeneratorRuns.promote(
                    Map.of(), url, GeneratorRuns.environments(), "--skip-gates", GeneratorRuns.SKIP);
            assertThat(promote.exit()).as(promote.err()).isZero();

            // What main holds once reviewers merge the production merge request.
            Path clone = temp.resolve("clone");
            git(
                    temp,
                    "clone",
                    "-q",
                    url.replace("http://", "http://" + GitHttpServer.USER + ":" + GitHttpServer.TOKEN + "@"),
                    clone.toString());
            git(clone, "merge", "-q", "--ff-only", "origin/slipway/slipway/production");

            List<Path> folders = folders(clone);
            assertThat(folders)
                    .extracting(p -> clone.relativize(p).toString().replace('\\', '/'))
                    .containsExactlyInAnyOrder("apps/slipway/dev", "apps/slipway/staging", "apps/slipway/production");
            JsonNode applicationSet =
                    YAML.readTree(ARGOCD.resolve("applicationset.yaml").toFile());
            assertThat(applicationSet
                            .at("/spec/generators/0/git/directories/0/path")
                            .asText())
                    .isEqualTo("apps/*/*");
            assertThat(applicationSet
                            .at("/spec/template/spec/destination/namespace")
                            .asText())
                    .isEqualTo("{{ index .path.segments 1 }}-{{ .path.basename }}");
            assertThat(applicationSet
                            .at("/spec/template/spec/syncPolicy/syncOptions")
                            .toString())
                    .contains("CreateNamespace=false");
            boolean kubectl = GeneratorRuns.kubectl();
            for (Path folder : folders) {
                String destination = folder.getParent().getFileName() + "-" + folder.getFileName();
                JsonNode namespace =
                        YAML.readTree(folder.resolve("namespace.yaml").toFile());
                assertThat(namespace.at("/metadata/name").asText())
                        .as(folder.toString())
                        .isEqualTo(destination);
                if (kubectl) {
                    Process kustomize = new ProcessBuilder("kubectl", "kustomize", folder.toString())
                            .redirectErrorStream(true)
                            .start();
                    String output = CliRun.read(kustomize.getInputStream());
                    assertThat(kustomize.waitFor()).as(output).isZero();
                }
            }
            for (Path folder : folders) {
                // The ApplicationSet's project expression: production's own project, the other one for the rest.
                String file = folder.getFileName().toString().equals("production")
                        ? "appproject-production.yaml"
                        : "appproject.yaml";
                JsonNode project = YAML.readTree(ARGOCD.resolve(file).toFile());
                List<String> allowedNamespaces = new ArrayList<>();
                project.at("/spec/destinations")
                        .forEach(d -> allowedNamespaces.add(d.path("namespace").asText()));
                assertThat(allowedNamespaces)
                        .as(file)
                        .contains(folder.getParent().getFileName() + "-" + folder.getFileName());
                assertThat(project.at("/spec/sourceRepos/0").asText())
                        .as(file)
                        .isEqualTo(applicationSet
                                .at("/spec/generators/0/git/repoURL")
                                .asText());
            }

            // Merged fast-forward, main's tip is the generator's signed commit, and every folder verifies.
            git(clone, "push", "-q", "origin", "HEAD:main");
            CliRun verify = GeneratorRuns.cli(
                    Map.of(),
                    "verify",
                    "--repo",
                    url,
                    "--environments",
                    GeneratorRuns.environments().toString());
            assertThat(verify.exit()).as(verify.err()).isZero();
        }
    }

    static List<Path> folders(Path clone) throws Exception {
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> apps = Files.list(clone.resolve("apps"))) {
            for (Path app : apps.toList()) {
                try (Stream<Path> envs = Files.list(app)) {
                    envs.filter(Files::isDirectory).forEach(folders::add);
                }
            }
        }
        return folders;
    }
}
