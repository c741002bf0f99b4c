package io.slipway.gitops.publish;

import static io.slipway.gitops.publish.GitHttpServer.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.CliRun;
import java.io.IOException;
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
        return PublishIT.cli(
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
        runs.add(cli(PublishIT.publishArgs(url, PublishIT.environments(), "staging", PublishIT.DIGEST_A)));
        runs.add(cli(PublishIT.publishArgs(url, PublishIT.environments(), "staging", PublishIT.DIGEST_B, "--dry-run")));
        // Credentials in a Prometheus URL, and a Prometheus that is not there: every gate line names it.
        runs.add(cli(PublishIT.promoteArgs(
                url,
                PublishIT.environments(),
                "--prometheus-url",
                "http://scraper:" + URL_TOKEN + "@127.0.0.1:" + PublishIT.closedPort())));
        runs.add(cli(PublishIT.promoteArgs(url, PublishIT.environments(), "--skip-gates", "@/proc/self/environ")));
        runs.add(cli(
                "verify",
                "--repo",
                url,
                "--environments",
                PublishIT.environments().toString()));
        runs.add(cli(
                "status",
                "--repo",
                "http://someone:" + URL_TOKEN + "@127.0.0.1:" + PublishIT.closedPort() + "/nowhere.git"));
        runs.add(cli(
                "render",
                "--env",
                "staging",
                "--image",
                "evil:" + OTHER_SECRET,
                "--out",
                temp.resolve("x").toString(),
                "--environments",
                PublishIT.environments().toString()));

        assertThat(runs.get(0).exit()).as(runs.get(0).err()).isZero();
        assertThat(runs.get(2).exit()).isEqualTo(9);
        assertThat(runs.get(2).out() + runs.get(2).err()).contains("http://***@127.0.0.1:");
        assertThat(runs.get(3).exit()).as(runs.get(3).err()).isZero();
        assertThat(runs.get(6).err()).contains("--image evil:***");
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
            List<String> args = new ArrayList<>(
                    List.of(PublishIT.publishArgs(url, PublishIT.environments(), "staging", PublishIT.DIGEST_A)));
            args.addAll(List.of(forged));
            CliRun run = cli(args.toArray(String[]::new));
            assertThat(run.exit()).as(forged[0]).isEqualTo(2);
            assertThat(run.err().lines().findFirst().orElseThrow())
                    .startsWith("Invalid value for option '" + forged[0] + "': ");
        }
        CliRun reason = cli(PublishIT.promoteArgs(url, PublishIT.environments(), "--skip-gates", "ok\nImage: x"));
        assertThat(reason.exit()).isEqualTo(2);
        assertThat(server.fetchRequests()).noneMatch(request -> request.contains("trailers.git"));
        assertThat(git(server.path("trailers.git"), "for-each-ref")).isEmpty();
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
