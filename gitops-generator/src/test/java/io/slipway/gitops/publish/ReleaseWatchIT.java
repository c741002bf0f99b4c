package io.slipway.gitops.publish;

import static io.slipway.gitops.support.GitHttpServer.git;
import static io.slipway.gitops.support.ScrapedServer.await;
import static io.slipway.gitops.support.ScrapedServer.get;
import static io.slipway.gitops.support.ScrapedServer.pause;
import static io.slipway.gitops.support.ScrapedServer.post;
import static io.slipway.gitops.support.ScrapedServer.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slipway.gitops.CliRun;
import io.slipway.gitops.cli.SlipwayGitops;
import io.slipway.gitops.promote.PrometheusClient;
import io.slipway.gitops.signing.SigningFixture;
import io.slipway.gitops.signing.SigningKeys;
import io.slipway.gitops.support.GeneratorRuns;
import io.slipway.gitops.support.GitHttpServer;
import io.slipway.gitops.support.ScrapedServer;
import io.slipway.gitops.support.WatchCli;
import io.slipway.gitops.support.WatchedEnvironments;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} against a real Prometheus scraping the real server jar as production (two scrape
 * targets, production's two pods), and the real git server: what only the real parts show — the
 * gates' PromQL measuring a healthy release and a real regression under a flood, and the rollback
 * a signed commit {@code git verify-commit} accepts. Every other way a watch ends is
 * WatchWorkflowTest's, in milliseconds.
 */
class ReleaseWatchIT {

    static final String DIGEST_A = GeneratorRuns.DIGEST_A;
    static final String DIGEST_B = GeneratorRuns.DIGEST_B;
    static final String DIGEST_C = "sha256:" + "c".repeat(64);

    @TempDir
    static Path temp;

    static GitHttpServer gitServer;
    static Process server;
    static Process prometheus;
    static int serverPort;
    static int adminPort;
    static int prometheusPort;
    static final AtomicBoolean traffic = new AtomicBoolean(true);

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(
                Files.isExecutable(ScrapedServer.PROMETHEUS),
                "prometheus is not installed (apt-get install prometheus): the release watch tests need it");
        assertThat(ScrapedServer.SERVER_JAR)
                .as("the server jar, built before this module")
                .exists();
        gitServer = GitHttpServer.start(Files.createDirectories(temp.resolve("git")));
        serverPort = GeneratorRuns.closedPort();
        adminPort = GeneratorRuns.closedPort();
        server = ScrapedServer.serverProcess(temp, serverPort, adminPort, DIGEST_A);
        prometheusPort = GeneratorRuns.closedPort();
        // Production's two pods: the one server, scraped as two targets.
        prometheus = ScrapedServer.prometheus(
                temp,
                prometheusPort,
                "slipway-production",
                "\"127.0.0.1:" + adminPort + "\", \"localhost:" + adminPort + "\"");
        CompletableFuture<Void> unused = CompletableFuture.runAsync(() -> {
            while (traffic.get()) {
                get("http://127.0.0.1:" + serverPort + "/api/v1/users/" + UUID.randomUUID());
                pause(20);
            }
        });
    }

    @AfterAll
    static void stop() {
        traffic.set(false);
        for (Process process : new Process[] {prometheus, server}) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
        if (gitServer != null) {
            gitServer.close();
        }
    }

    @Test
    void aReleaseIsVerifiedWhereItRunsAndARegressionIsRolledBackByItselfWithASignedCommit() throws Exception {
        Path environments = environments();
        String url = gitServer.createRepository("watch.git", true);

        // B, then A, which production runs: healthy once its soak window is behind it.
        assertThat(publish(url, environments, DIGEST_B, "c0ffeebbbbbb").exit()).isZero();
        assertThat(publish(url, environments, DIGEST_A, "c0ffeeaaaaaa").exit()).isZero();
        PrometheusClient client = new PrometheusClient(URI.create(prometheusUrl()), Optional.empty());
        await(() -> value(client, "sum(count_over_time(up{job=\"slipway\"}[10s:1s]))") >= 20, "10 s of scrapes");
        CliRun healthy = watch(url, environments);
        assertThat(healthy.exit()).as(healthy.out() + healthy.err()).isZero();
        assertThat(healthy.out())
                .contains("rolled out: 2 ready pod(s) of slipway-production run sha256:aaaaaaaaaaaa", "5xx ratio")
                .contains("healthy: production runs sha256:aaaaaaaaaaaa on every ready pod and passes its 7 gates");
        String releaseA = head();
        // A rebuild of A (a new commit, the same digest) that regresses: rolled back by itself to B, the
        // newest earlier state on another digest.
        assertThat(publish(url, environments, DIGEST_A, "c0ffeea2a2a2").exit()).isZero();
        String rebuild = head();
        assertThat(rebuild).isNotEqualTo(releaseA);
        CliRun rolledBack = watchDuringAFlood(url, environments, () -> {}).get();
        assertThat(rolledBack.exit()).as(rolledBack.out() + rolledBack.err()).isEqualTo(13);
        assertThat(rolledBack.err()).contains("rolling back to the folder as of");
        // Found while the soak went on, not at its end: the users meet a regression at once.
        assertThat(rolledBack.out()).containsPattern("regressed \\d+ s into the 20s soak");
        assertThat(rolledBack.out())
                .contains(
                        "pushed ",
                        " to main (slipway/production: roll back sha256:aaaaaaaaaaaa to sha256:bbbbbbbbbbbb (5xx ratio ");
        Path bare = gitServer.path("watch.git");
        String message = git(bare, "log", "-1", "--format=%B", "main");
        assertThat(message)
                .startsWith("slipway/production: roll back sha256:aaaaaaaaaaaa to sha256:bbbbbbbbbbbb (5xx ratio ")
                .contains("Automatic rollback: production regressed on " + DIGEST_A)
                .contains("Restored: " + DIGEST_B)
                .contains("FAIL  5xx ratio: ")
                .contains("Rollback-Of: " + rebuild)
                .containsPattern("Rollback-Reason: 5xx ratio [0-9.]+ > 0\\.05")
                .contains("Image: " + GeneratorRuns.REPOSITORY + "@" + DIGEST_B);
        CliRun signature = SigningKeys.verifyCommit(
                bare, "main", SigningFixture.shared().key().home(), temp.resolve("none"));
        assertThat(signature.exit()).as(signature.err()).isZero();
        assertThat(signature.err()).contains("Good signature from \"" + SigningKeys.IDENTITY + "\"");
        assertThat(git(bare, "show", "main:apps/slipway/production/.slipway.json"))
                .contains(DIGEST_B);
        CliRun verify = GeneratorRuns.cli(Map.of(), "verify", "--repo", url, "--environments", environments.toString());
        assertThat(verify.exit()).as(verify.err()).isZero();
    }

    /** {@code watch} in the background; once it soaks, {@code meanwhile}, then a registration flood the server sheds with 503s. */
    CompletableFuture<CliRun> watchDuringAFlood(String url, Path environments, Runnable meanwhile) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(GeneratorRuns.credentialsAndKey(Map.of()));
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> {
            int exit = SlipwayGitops.run(
                    new PrintWriter(out, true), new PrintWriter(err, true), env, watchArgs(url, environments));
            return new CliRun(exit, out.toString(), err.toString());
        });
        await(() -> out.toString().contains("soaking for"), "watch to soak");
        meanwhile.run();
        pause(3000); // into the window the gates measure, whether early or at the soak's end
        List<CompletableFuture<Integer>> flood = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            flood.add(CompletableFuture.supplyAsync(() -> post(
                    "http://127.0.0.1:" + serverPort + "/api/v1/users",
                    "{\"email\":\"flood" + UUID.randomUUID()
                            + "@example.com\",\"name\":\"Flood\",\"password\":\"correct horse battery\"}")));
        }
        assertThat(flood.stream().map(CompletableFuture::join).filter(status -> status == 503))
                .isNotEmpty();
        return run;
    }

    /** Production as the test runs it: two pods, direct pushes (signed), a 20-second soak, automatic rollback. */
    static Path environments() throws IOException {
        return productionWatched(temp.resolve("values"), "20s");
    }

    /** The project's values in {@code folder} with production as the watch tests run it, soaking for {@code soak}. */
    static Path productionWatched(Path folder, String soak) {
        return WatchedEnvironments.production(folder, soak);
    }

    static CliRun publish(String url, Path environments, String digest, String sourceCommit) {
        List<String> args =
                new ArrayList<>(List.of(GeneratorRuns.publishArgs(url, environments, "production", digest)));
        args.set(args.size() - 1, sourceCommit);
        return GeneratorRuns.cli(Map.of(), args.toArray(String[]::new));
    }

    static CliRun watch(String url, Path environments, String... extra) {
        return WatchCli.run("production", url, environments, prometheusUrl(), extra);
    }

    static String[] watchArgs(String url, Path environments) {
        return WatchCli.args("production", url, environments, prometheusUrl());
    }

    static String head() {
        return git(gitServer.path("watch.git"), "rev-parse", "main").trim();
    }

    static String prometheusUrl() {
        return "http://127.0.0.1:" + prometheusPort;
    }
}
