package io.slipway.gitops.publish;

import static io.slipway.gitops.support.GitHttpServer.git;
import static io.slipway.gitops.support.GitHttpServer.pushByHand;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.slipway.gitops.CliRun;
import io.slipway.gitops.support.GeneratorRuns;
import io.slipway.gitops.support.GitHttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as an attacker or an unlucky operator meets it, against a real git server:
 * no credential is printed or written anywhere, what others send is shown and never obeyed, and a
 * value that would forge a commit's trailers is refused before anything is fetched.
 */
class HostileInputIT {

    /** Marker secrets, one per place a credential can come from. */
    static final String PROMETHEUS_TOKEN = "prometheus-token-MARKER-1";

    static final String JOB_TOKEN = "ci-job-token-MARKER-2";
    static final String URL_TOKEN = "url-token-MARKER-3";
    static final String OTHER_SECRET = "some-api-secret-MARKER-4";
    static final List<String> MARKERS =
            List.of(GitHttpServer.TOKEN, PROMETHEUS_TOKEN, JOB_TOKEN, URL_TOKEN, OTHER_SECRET);

    @TempDir
    static Path temp;

    static GitHttpServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = GitHttpServer.start(Files.createDirectories(temp.resolve("server")));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static CliRun cli(String... args) {
        return GeneratorRuns.cli(
                Map.of(
                        "PROMETHEUS_TOKEN", PROMETHEUS_TOKEN,
                        "CI_JOB_TOKEN", JOB_TOKEN,
                        "DEPLOY_API_SECRET", OTHER_SECRET,
                        "CI_PROJECT_URL", "https://gitlab-ci-token:" + URL_TOKEN + "@gitlab.example/platform/slipway",
                        "CI_PIPELINE_URL", "https://ci:" + URL_TOKEN + "@gitlab.example/pipelines/7"),
                args);
    }

    @Test
    void noCredentialIsPrintedCommittedOrWritten() throws IOException {
        String url = server.createRepository("secrets.git", true);
        List<CliRun> runs = new ArrayList<>();
        runs.add(cli(GeneratorRuns.publishArgs(url, GeneratorRuns.environments(), "staging", GeneratorRuns.DIGEST_A)));
        runs.add(cli(GeneratorRuns.publishArgs(
                url, GeneratorRuns.environments(), "staging", GeneratorRuns.DIGEST_B, "--dry-run")));
        // Credentials in a Prometheus URL, and a Prometheus that is not there: every gate line names it.
        runs.add(cli(GeneratorRuns.promoteArgs(
                url,
                GeneratorRuns.environments(),
                "--prometheus-url",
                "http://scraper:" + URL_TOKEN + "@127.0.0.1:" + GeneratorRuns.closedPort())));
        // A Prometheus that reflects the request's Authorization header in its error.
        HttpServer reflecting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        reflecting.createContext("/", exchange -> {
            byte[] body = ("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"you sent "
                            + exchange.getRequestHeaders().getFirst("Authorization") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        reflecting.start();
        try {
            runs.add(cli(GeneratorRuns.promoteArgs(
                    url,
                    GeneratorRuns.environments(),
                    "--prometheus-url",
                    "http://127.0.0.1:" + reflecting.getAddress().getPort())));
        } finally {
            reflecting.stop(0);
        }
        runs.add(cli(
                GeneratorRuns.promoteArgs(url, GeneratorRuns.environments(), "--skip-gates", "@/proc/self/environ")));
        runs.add(cli(
                "verify",
                "--repo",
                url,
                "--environments",
                GeneratorRuns.environments().toString()));
        runs.add(cli(
                "status",
                "--repo",
                "http://someone:" + URL_TOKEN + "@127.0.0.1:" + GeneratorRuns.closedPort() + "/nowhere.git"));
        runs.add(cli(
                "render",
                "--env",
                "staging",
                "--image",
                "evil:" + OTHER_SECRET,
                "--out",
                temp.resolve("x").toString(),
                "--environments",
                GeneratorRuns.environments().toString()));

        assertThat(runs.get(0).exit()).as(runs.get(0).err()).isZero();
        assertThat(runs.get(2).exit()).isEqualTo(9);
        assertThat(runs.get(2).out() + runs.get(2).err()).contains("http://***@127.0.0.1:");
        assertThat(runs.get(3).err()).contains("you sent Bearer ***");
        assertThat(runs.get(4).exit()).as(runs.get(4).err()).isZero();
        assertThat(runs.get(7).err()).contains("--image evil:***");
        for (CliRun run : runs) {
            for (String marker : MARKERS) {
                assertThat(run.out() + run.err()).as("output of a run").doesNotContain(marker);
            }
        }
        Path bare = server.path("secrets.git");
        String everything = git(bare, "log", "--all", "--format=%H%n%B") + objects(bare);
        for (String marker : MARKERS) {
            assertThat(everything).as("commits and files").doesNotContain(marker);
        }
        assertThat(everything)
                .contains("Gates-Skipped: @/proc/self/environ", "https://***@gitlab.example/platform/slipway");
    }

    @Test
    void whatOthersSendIsShownNotObeyed() {
        CliRun escape = cli("render", "--env", "\u001b]0;pwned\u0007", "--image", "x", "--out", "out");
        assertThat(escape.exit()).isEqualTo(2);
        assertThat(escape.err()).contains("\\x1b]0;pwned\\x07").doesNotContain("\u001b", "\u0007");
        CliRun clear = cli("validate", temp.resolve("\u001b[2J").toString());
        assertThat(clear.err()).contains("\\x1b[2J").doesNotContain("\u001b");
    }

    @Test
    void aValueThatWouldAddATrailerIsRefusedBeforeAnythingIsFetched() {
        String url = server.createRepository("trailers.git", true);
        for (String[] forged : List.of(
                new String[] {"--pipeline-url", "https://ci/1\nImage: evil.example/x@sha256:" + "e".repeat(64)},
                new String[] {"--source-commit", "1234567\nEnvironment: production"},
                new String[] {"--source-repository", "https://gitlab.example/x\rEnvironment: dev"},
                new String[] {"--author-name", "Mallory\u0000"})) {
            List<String> args = new ArrayList<>(List.of(
                    GeneratorRuns.publishArgs(url, GeneratorRuns.environments(), "staging", GeneratorRuns.DIGEST_A)));
            args.addAll(List.of(forged));
            CliRun run = cli(args.toArray(String[]::new));
            assertThat(run.exit()).as(forged[0]).isEqualTo(2);
            assertThat(run.err().lines().findFirst().orElseThrow())
                    .startsWith("Invalid value for option '" + forged[0] + "': ");
        }
        CliRun reason =
                cli(GeneratorRuns.promoteArgs(url, GeneratorRuns.environments(), "--skip-gates", "ok\nImage: x"));
        assertThat(reason.exit()).isEqualTo(2);
        assertThat(server.fetchRequests()).noneMatch(request -> request.contains("trailers.git"));
        assertThat(git(server.path("trailers.git"), "for-each-ref")).isEmpty();
    }

    @Test
    void verifyAndPromoteTrustOnlyWhatSlipwayWrites() throws IOException {
        String url = server.createRepository("foreign.git", true);
        assertThat(cli(GeneratorRuns.publishArgs(
                                url, GeneratorRuns.environments(), "dev", GeneratorRuns.DIGEST_A, "--env", "staging"))
                        .exit())
                .isZero();
        Path clone = GeneratorRuns.cloneOf(temp, url, "foreign");
        Path dev = clone.resolve("apps/slipway/dev");
        Files.createSymbolicLink(dev.resolve("sibling.yaml"), Path.of("../staging/deployment.yaml"));
        Files.createSymbolicLink(dev.resolve("passwd"), Path.of("/etc/passwd"));
        Files.writeString(dev.resolve("x\nverified: 9 folder(s) on main"), "forged\n");
        Files.writeString(clone.resolve("apps/slipway/notes.txt"), "a file where a folder belongs\n");
        Files.createDirectories(clone.resolve("apps/slipway/qa"));
        try (var files = Files.list(clone.resolve("apps/slipway/staging"))) {
            for (Path file : files.toList()) {
                Files.copy(file, clone.resolve("apps/slipway/qa").resolve(file.getFileName()));
            }
        }
        git(clone, "add", "-A");
        String head = git(clone, "rev-parse", "HEAD").trim();
        git(clone, "update-index", "--add", "--cacheinfo", "160000," + head + ",apps/slipway/staging/sub");
        // Not pushByHand: adding the work tree again would drop the gitlink, which has no folder there.
        git(clone, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "foreign entries");
        git(clone, "push", "-q", "origin", "main");

        CliRun verify = verify(url);
        assertThat(verify.exit()).isEqualTo(10);
        assertThat(verify.out()).isEmpty();
        assertThat(verify.err().lines())
                .contains(
                        "apps/slipway/notes.txt: a file where Slipway writes a folder",
                        "apps/slipway/dev/passwd: a symbolic link; Slipway writes only regular files",
                        "apps/slipway/dev/sibling.yaml: a symbolic link; Slipway writes only regular files",
                        "apps/slipway/dev/x\\nverified: 9 folder(s) on main: a name Slipway does not write",
                        "apps/slipway/staging/sub: a submodule (gitlink); Slipway writes only regular files")
                .anyMatch(line -> line.startsWith("apps/slipway/qa: no environment qa in "))
                .noneMatch(line -> line.startsWith("verified"));
        assertThat(cli(
                                "status",
                                "--repo",
                                url,
                                "--environments",
                                GeneratorRuns.environments().toString())
                        .out()
                        .lines())
                .filteredOn(line -> line.contains(" qa "))
                .singleElement()
                .asString()
                .contains("FAILED");
    }

    @Test
    void publishRefusesToReplaceWhatSlipwayDidNotWrite() throws IOException {
        Map<String, String> expected = Map.of(
                "file", "apps/slipway/dev: a file where Slipway writes a folder",
                "symlink", "apps/slipway/dev: a symbolic link where Slipway writes a folder",
                "gitlink", "apps/slipway/dev: a submodule (gitlink) where Slipway writes a folder",
                "link-inside", "apps/slipway/dev/passwd: a symbolic link; Slipway writes only regular files",
                "apps-file", "apps: a file where Slipway writes a folder");
        for (Map.Entry<String, String> variant : expected.entrySet()) {
            String name = "foreign-" + variant.getKey() + ".git";
            String url = server.createRepository(name, true);
            assertThat(cli(GeneratorRuns.publishArgs(url, GeneratorRuns.environments(), "dev", GeneratorRuns.DIGEST_A))
                            .exit())
                    .isZero();
            Path clone = GeneratorRuns.cloneOf(temp, url, "foreign-" + variant.getKey());
            Path dev = clone.resolve("apps/slipway/dev");
            switch (variant.getKey()) {
                case "file" -> {
                    git(clone, "rm", "-rq", "apps/slipway/dev");
                    Files.createDirectories(dev.getParent());
                    Files.writeString(dev, "not a folder\n");
                }
                case "symlink" -> {
                    git(clone, "rm", "-rq", "apps/slipway/dev");
                    Files.createDirectories(dev.getParent());
                    Files.createSymbolicLink(dev, Path.of("../../README"));
                }
                case "gitlink" -> {
                    git(clone, "rm", "-rq", "apps/slipway/dev");
                    String head = git(clone, "rev-parse", "HEAD").trim();
                    git(clone, "update-index", "--add", "--cacheinfo", "160000," + head + ",apps/slipway/dev");
                }
                case "link-inside" -> Files.createSymbolicLink(dev.resolve("passwd"), Path.of("/etc/passwd"));
                default -> {
                    git(clone, "rm", "-rq", "apps");
                    Files.writeString(clone.resolve("apps"), "not a folder\n");
                }
            }
            if (!variant.getKey().equals("gitlink")) {
                git(clone, "add", "-A");
            }
            git(clone, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", variant.getKey());
            git(clone, "push", "-q", "origin", "main");
            String refs = git(server.path(name), "for-each-ref");

            CliRun publish =
                    cli(GeneratorRuns.publishArgs(url, GeneratorRuns.environments(), "dev", GeneratorRuns.DIGEST_B));
            assertThat(publish.exit())
                    .as(variant.getKey() + ": " + publish.err())
                    .isEqualTo(10);
            assertThat(publish.err().lines().toList())
                    .as(variant.getKey())
                    .hasSize(2)
                    .first()
                    .isEqualTo(variant.getValue());
            assertThat(publish.err().lines().toList().get(1))
                    .startsWith("apps/slipway/dev on main at ")
                    .endsWith(" holds what Slipway did not write (above), so it is not Slipway's to replace: remove"
                            + " it from the config repository by hand, then publish again; nothing was pushed");
            assertThat(git(server.path(name), "for-each-ref")).isEqualTo(refs);
        }
    }

    @Test
    void aForgedProvenanceIsNotPromoted() throws IOException {
        String url = repositoryWithStaging("forged.git");
        Path clone = GeneratorRuns.cloneOf(temp, url, "forged");
        Path provenance = clone.resolve("apps/slipway/staging/.slipway.json");
        Files.writeString(
                provenance,
                Files.readString(provenance)
                        .replace(GeneratorRuns.DIGEST_A.substring(7), GeneratorRuns.DIGEST_B.substring(7)));
        pushByHand(clone, "ship B instead");
        String refs = git(server.path("forged.git"), "for-each-ref");

        CliRun promote = cli(GeneratorRuns.promoteArgs(url, GeneratorRuns.environments(), "--skip-gates", "forged"));
        assertThat(promote.exit()).isEqualTo(10);
        assertThat(promote.err())
                .contains("apps/slipway/staging/.slipway.json: modified outside Slipway (its image "
                        + GeneratorRuns.REPOSITORY + "@" + GeneratorRuns.DIGEST_B
                        + " is not the image the folder's manifests"
                        + " run)");
        assertThat(git(server.path("forged.git"), "for-each-ref")).isEqualTo(refs);
    }

    @Test
    void inputsAreCheckedWhereTheyEnter() throws IOException {
        String url = server.createRepository("inputs.git", true);
        CliRun branch = cli(GeneratorRuns.publishArgs(
                url, GeneratorRuns.environments(), "dev", GeneratorRuns.DIGEST_A, "--branch", "main..evil"));
        assertThat(branch.exit()).isEqualTo(2);
        assertThat(branch.err()).startsWith("branch main..evil: not a name git allows for a branch");
        CliRun option = cli(GeneratorRuns.publishArgs(
                url, GeneratorRuns.environments(), "dev", GeneratorRuns.DIGEST_A, "--branch", "-x"));
        assertThat(option.exit()).isEqualTo(2);
        assertThat(option.err()).startsWith("branch -x: not a name git allows for a branch");
        CliRun fileUrl = cli(
                GeneratorRuns.promoteArgs(url, GeneratorRuns.environments(), "--prometheus-url", "file:///etc/passwd"));
        assertThat(fileUrl.exit()).isEqualTo(2);
        assertThat(fileUrl.err()).startsWith("--prometheus-url file:///etc/passwd: not an http:// or https:// URL");

        // A local path and a file: URL are config repositories too (a new user's first try).
        Path local = temp.resolve("local.git");
        git(temp, "init", "-q", "--bare", "-b", "main", local.toString());
        // Filters allowed: the second publish reads the folder through a partial fetch and its repair.
        git(local, "config", "uploadpack.allowFilter", "true");
        CliRun path = cli(GeneratorRuns.publishArgs(
                local.toString(), GeneratorRuns.environments(), "dev", GeneratorRuns.DIGEST_A));
        assertThat(path.exit()).as(path.err()).isZero();
        CliRun fileScheme = cli(GeneratorRuns.publishArgs(
                local.toUri().toString(), GeneratorRuns.environments(), "dev", GeneratorRuns.DIGEST_B));
        assertThat(fileScheme.exit()).as(fileScheme.err()).isZero();
        assertThat(git(local, "log", "--format=%s", "main")).contains("deploy sha256-bbbbbbbbbbbb");

        // A generated folder holding a file no renderer writes is refused before it is read whole.
        assertThat(cli(GeneratorRuns.publishArgs(url, GeneratorRuns.environments(), "dev", GeneratorRuns.DIGEST_A))
                        .exit())
                .isZero();
        Path clone = GeneratorRuns.cloneOf(temp, url, "inputs");
        Files.write(clone.resolve("apps/slipway/dev/huge.yaml"), new byte[5 * 1024 * 1024]);
        pushByHand(clone, "huge");
        CliRun huge = verify(url);
        assertThat(huge.exit()).isEqualTo(10);
        assertThat(huge.err()).startsWith("apps/slipway/dev/huge.yaml: 5242880 bytes; a generated file is far smaller");
    }

    @Test
    void aMergeRequestBranchLeftBehindByTheTargetIsRebuiltOnItsTip() throws IOException {
        String url = repositoryWithStaging("behind.git");
        String[] promote = GeneratorRuns.promoteArgs(url, GeneratorRuns.environments(), "--skip-gates", "rebuild test");
        assertThat(cli(promote).exit()).isZero();
        Path bare = server.path("behind.git");
        String proposedBefore =
                git(bare, "rev-parse", "slipway/slipway/production").trim();
        // main moves on (another folder's release) while the merge request waits.
        assertThat(cli(GeneratorRuns.publishArgs(url, GeneratorRuns.environments(), "dev", GeneratorRuns.DIGEST_B))
                        .exit())
                .isZero();
        String main = git(bare, "rev-parse", "main").trim();

        CliRun again = cli(promote);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).doesNotContain("already proposes this change");
        String proposed = git(bare, "rev-parse", "slipway/slipway/production").trim();
        assertThat(proposed).isNotEqualTo(proposedBefore);
        assertThat(git(bare, "rev-parse", proposed + "^").trim()).isEqualTo(main);
        assertThat(git(bare, "rev-parse", "main").trim())
                .as("main itself never moves")
                .isEqualTo(main);
        assertThat(cli(promote).out()).contains("already proposes this change");
    }

    /** A new repository on the server, staging published in it with image A. */
    static String repositoryWithStaging(String name) {
        String url = server.createRepository(name, true);
        CliRun published =
                cli(GeneratorRuns.publishArgs(url, GeneratorRuns.environments(), "staging", GeneratorRuns.DIGEST_A));
        assertThat(published.exit()).as(published.err()).isZero();
        return url;
    }

    static CliRun verify(String url) {
        return cli(
                "verify",
                "--repo",
                url,
                "--environments",
                GeneratorRuns.environments().toString());
    }

    /** The content of every object in a repository. */
    static String objects(Path bare) {
        StringBuilder all = new StringBuilder();
        for (String line :
                git(bare, "cat-file", "--batch-all-objects", "--batch-check").split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length >= 2 && fields[1].equals("blob")) {
                all.append(git(bare, "cat-file", "-p", fields[0]));
            }
        }
        return all.toString();
    }
}
