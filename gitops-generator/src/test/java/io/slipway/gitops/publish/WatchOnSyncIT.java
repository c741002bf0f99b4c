package io.slipway.gitops.publish;

import static io.slipway.gitops.support.GitHttpServer.git;
import static io.slipway.gitops.support.ScriptedPrometheus.healthy;
import static io.slipway.gitops.support.ScriptedPrometheus.vector;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.CliRun;
import io.slipway.gitops.Fixtures;
import io.slipway.gitops.signing.SigningFixture;
import io.slipway.gitops.support.GeneratorRuns;
import io.slipway.gitops.support.GitHttpServer;
import io.slipway.gitops.support.ScriptedPrometheus;
import io.slipway.gitops.support.WatchCli;
import io.slipway.gitops.support.WatchedEnvironments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sync verified when it happens, against a real git server and a scripted Prometheus that
 * shows the sync: production's release merged while its sync window is shut is not there yet (and
 * the watch says when it will be), and is verified once Argo CD syncs it, as its on-deployed
 * notification starts the watch with the synced revision; staging's watch, as the main pipeline runs
 * it after a publish, passes a healthy release and fails the job on a regression.
 */
class WatchOnSyncIT {

    static final String DIGEST_C = "sha256:" + "c".repeat(64);

    @TempDir
    static Path temp;

    static GitHttpServer server;
    static ScriptedPrometheus prometheus;

    @BeforeAll
    static void start() throws IOException {
        server = GitHttpServer.start(Files.createDirectories(temp.resolve("git")));
        prometheus = ScriptedPrometheus.start();
    }

    @AfterAll
    static void stop() {
        prometheus.close();
        server.close();
    }

    @Test
    void aReleaseMergedWhileTheSyncWindowIsShutIsWatchedWhenItSyncs() throws IOException {
        // Production's window opens three hours from now, for one hour: it is shut while the test runs.
        int opens = ZonedDateTime.now(ZoneOffset.UTC).plusHours(3).getHour();
        Path environments = WatchedEnvironments.production(temp.resolve("values"), "3s");
        Path production = environments.resolve("production.yaml");
        Fixtures.write(
                production,
                Fixtures.read(production)
                        .replace(
                                "  windows: []",
                                "  windows:\n    - {kind: allow, schedule: \"0 " + opens
                                        + " * * *\", duration: 1h, timeZone: UTC}"));
        String url = server.createRepository("window.git", true);
        assertThat(GeneratorRuns.publishAs(url, environments, GeneratorRuns.DIGEST_A, "c0ffeeaaaaaa")
                        .exit())
                .isZero();
        assertThat(GeneratorRuns.publishAs(url, environments, GeneratorRuns.DIGEST_B, "c0ffeebbbbbb")
                        .exit())
                .isZero();
        String merged = git(server.path("window.git"), "rev-parse", "main").trim();

        // At the merge the pods still run A: not rolled out, and the watch says when the sync comes.
        prometheus.script(query -> query.contains("image!~")
                ? vector("2")
                : query.contains(GeneratorRuns.DIGEST_B) ? vector("0") : healthy(query));
        CliRun atMerge = watch(url, environments, "production", "--rollout-deadline", "2s");
        assertThat(atMerge.exit()).as(atMerge.err()).isEqualTo(14);
        assertThat(atMerge.err())
                .contains(
                        "not rolled out within 2 s: 0 ready pod(s) on sha256:bbbbbbbbbbbb (needs 2), 2 on other builds")
                .contains("; production is outside its sync windows now (promotion.windows: allow \"0 " + opens)
                .contains(": it syncs from ")
                .contains("and Argo CD's on-deployed notification starts the watch of that sync");

        // The window opens and Argo CD syncs: its notification starts the watch of the synced revision.
        prometheus.script(ScriptedPrometheus::healthy);
        CliRun atSync = watch(url, environments, "production", "--revision", merged);
        assertThat(atSync.exit()).as(atSync.out() + atSync.err()).isZero();
        assertThat(atSync.out())
                .contains("healthy: production runs sha256:bbbbbbbbbbbb on every ready pod and passes its 7 gates");

        // A newer release merged after that sync: the synced one is superseded, the newer one is watched at its own.
        assertThat(GeneratorRuns.publishAs(url, environments, DIGEST_C, "c0ffeecccccc")
                        .exit())
                .isZero();
        CliRun stale = watch(url, environments, "production", "--revision", merged);
        assertThat(stale.exit()).as(stale.err()).isEqualTo(15);
        assertThat(stale.err())
                .startsWith("apps/slipway/production changed on main since " + merged.substring(0, 12))
                .contains("a newer release is merged; it is watched when it syncs; nothing was rolled back");
        CliRun unknown = watch(url, environments, "production", "--revision", "0123456789ab");
        assertThat(unknown.exit()).isEqualTo(2);
    }

    @Test
    void stagingsWatchAfterAPublishPassesAHealthyReleaseAndFailsTheJobOnARegression() throws IOException {
        Path environments = SigningFixture.trusting(SigningFixture.shared().key(), temp.resolve("staging-values"));
        Path staging = environments.resolve("staging.yaml");
        Fixtures.write(
                staging,
                Fixtures.read(staging)
                        + "promotion:\n  gates: {soak: 3s, minRequests: 20, maxErrorRatio: 0.05,"
                        + " maxP99LatencySeconds: 1, maxRestarts: 0}\n");
        String url = server.createRepository("staging.git", true);
        CliRun published = GeneratorRuns.cli(
                Map.of(), GeneratorRuns.publishArgs(url, environments, "staging", GeneratorRuns.DIGEST_A));
        assertThat(published.exit()).as(published.err()).isZero();

        prometheus.script(ScriptedPrometheus::healthy);
        CliRun healthy = watch(url, environments, "staging");
        assertThat(healthy.exit()).as(healthy.out() + healthy.err()).isZero();
        assertThat(healthy.out()).contains("healthy: staging runs sha256:aaaaaaaaaaaa");

        prometheus.script(query -> query.startsWith("((sum(") ? vector("0.4") : healthy(query));
        String refs = git(server.path("staging.git"), "for-each-ref");
        CliRun regressed = watch(url, environments, "staging");
        assertThat(regressed.exit()).as(regressed.out() + regressed.err()).isEqualTo(13);
        assertThat(regressed.err())
                .contains("regressed: staging on sha256:aaaaaaaaaaaa (5xx ratio 0.4 > 0.05); not rolled back"
                        + " (promotion.rollback.automatic is off for staging); roll back with: slipway-gitops rollback"
                        + " --env staging");
        assertThat(git(server.path("staging.git"), "for-each-ref")).isEqualTo(refs);
    }

    static CliRun watch(String url, Path environments, String environment, String... extra) {
        return WatchCli.run(environment, url, environments, prometheus.url(), extra);
    }
}
