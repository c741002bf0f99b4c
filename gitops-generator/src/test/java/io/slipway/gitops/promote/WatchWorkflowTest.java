package io.slipway.gitops.promote;

import static io.slipway.gitops.support.FakePrometheus.failingRequests;
import static io.slipway.gitops.support.FakePrometheus.healthy;
import static io.slipway.gitops.support.FakePrometheus.healthyBut;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.gitops.Secrets;
import io.slipway.gitops.failure.Concluded;
import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.failure.SlipwayFailure;
import io.slipway.gitops.publish.ConfigRemote;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.GitLabPushOptions;
import io.slipway.gitops.publish.PublishFailure;
import io.slipway.gitops.publish.Publisher;
import io.slipway.gitops.signing.CommitSigner;
import io.slipway.gitops.support.FakePrometheus;
import io.slipway.gitops.support.LocalConfigRepository;
import io.slipway.gitops.support.ManualTicker;
import io.slipway.gitops.support.RacingConfigRemote;
import io.slipway.gitops.support.WatchedEnvironments;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way {@code watch} can end, decided in milliseconds: Prometheus in memory, time that passes
 * only when slept on, and a config repository in a local folder published to by the generator
 * itself (B, then A, which production is said to run). What only the real parts show — a real
 * Prometheus scraping the server, the rollback's signature as git checks it — is ReleaseWatchIT's.
 */
class WatchWorkflowTest {

    static final String DIGEST_A = "sha256:" + "a".repeat(64);
    static final String DIGEST_B = "sha256:" + "b".repeat(64);
    static final String DIGEST_C = "sha256:" + "c".repeat(64);
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    static Path shared;

    /** B, then A: the history every case starts from (copied, so each may push). */
    static LocalConfigRepository released;

    static Path environments;

    @TempDir
    Path temp;

    @BeforeAll
    static void publish() {
        environments = WatchedEnvironments.production(shared.resolve("values"), "20s");
        released = LocalConfigRepository.create(shared.resolve("released.git"));
        released.publish(environments, "production", DIGEST_B);
        released.publish(environments, "production", DIGEST_A);
    }

    /** One outcome: what Prometheus says, the status and the lines that say why. */
    record Case(String name, FakePrometheus.Script prometheus, ExitCode exit, List<String> said) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                        new Case(
                                "healthy",
                                FakePrometheus::healthy,
                                ExitCode.OK,
                                List.of(
                                        "healthy: production runs sha256:aaaaaaaaaaaa on every ready pod and passes its 7"
                                                + " gates")),
                        new Case(
                                "pods not there",
                                healthyBut("count(slipway_build_info", 0),
                                ExitCode.NOT_ROLLED_OUT,
                                List.of("not rolled out within 60 s: 0 ready pod(s) on sha256:aaaaaaaaaaaa (needs 2),"
                                        + " 0 on other builds")),
                        new Case(
                                "pods of another build stay",
                                healthyBut("count(slipway_build_info{namespace=\"slipway-production\",image!~", 1),
                                ExitCode.NOT_ROLLED_OUT,
                                List.of("not rolled out within 60 s: 2 ready pod(s) on sha256:aaaaaaaaaaaa (needs 2),"
                                        + " 1 on other builds")),
                        new Case(
                                "Prometheus cannot answer",
                                query -> {
                                    throw new PrometheusQueries.Unavailable(
                                            "Prometheus at http://prometheus.test/" + " answered HTTP 500: internal",
                                            null);
                                },
                                ExitCode.GATES_FAILED,
                                List.of("no verdict on the rollout of sha256:aaaaaaaaaaaa within 60 s: Prometheus at"
                                        + " http://prometheus.test/ answered HTTP 500: internal; whether the pods run"
                                        + " it is unknown; nothing was rolled back")),
                        new Case(
                                "a pod count that is not finite",
                                healthyBut("count(slipway_build_info", Double.POSITIVE_INFINITY),
                                ExitCode.GATES_FAILED,
                                List.of("no verdict on the rollout of sha256:aaaaaaaaaaaa within 60 s: Prometheus at"
                                        + " http://prometheus.test/ counted +Inf pods")),
                        new Case(
                                "a 5xx ratio of -Inf",
                                healthyBut("((sum(", Double.NEGATIVE_INFINITY),
                                ExitCode.GATES_FAILED,
                                List.of(
                                        "(not a finite number)",
                                        "no verdict on sha256:aaaaaaaaaaaa in production: not"
                                                + " enough to judge it by")),
                        new Case(
                                "too little traffic",
                                healthyBut("(sum(increase(", 3),
                                ExitCode.GATES_FAILED,
                                List.of("requests", "no verdict on sha256:aaaaaaaaaaaa in production")),
                        new Case(
                                "no latency data",
                                query -> query.startsWith("histogram_quantile")
                                        ? OptionalDouble.empty()
                                        : healthy(query),
                                ExitCode.GATES_FAILED,
                                List.of("no data", "no verdict on sha256:aaaaaaaaaaaa in production")))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void eachVerdictEndsWithItsStatusAndReasonsAndPushesNothing(Case outcome) throws Exception {
        LocalConfigRepository repository = released.copyTo(temp.resolve("config.git"));
        String before = repository.head("main").name();

        Watched watched = watch(repository, new FakePrometheus().script(outcome.prometheus()), request());

        assertThat(watched.exit()).as(watched.toString()).isEqualTo(outcome.exit());
        String said = String.join(
                "\n", outcome.exit() == ExitCode.OK ? watched.result().out() : watched.reasons());
        for (String line : outcome.said()) {
            assertThat(said).contains(line);
        }
        assertThat(said).doesNotContain("rolling back");
        assertThat(repository.head("main").name()).isEqualTo(before);
    }

    @Test
    void aRegressionIsRolledBackEarlyToTheNewestEarlierStateOnAnotherDigest() throws Exception {
        LocalConfigRepository repository = released.copyTo(temp.resolve("config.git"));
        String regressed = repository.head("main").name();

        Watched watched = watch(repository, new FakePrometheus().script(failingRequests()), request());

        assertThat(watched.exit()).as(watched.toString()).isEqualTo(ExitCode.REGRESSED);
        // Found two looks into the 20-second soak, not at its end.
        assertThat(watched.progress())
                .anyMatch(line ->
                        line.equals("regressed 2 s into the 20s soak: measured over" + " the time since the rollout"));
        assertThat(watched.reasons())
                .anyMatch(
                        line -> line.startsWith("regressed: production on sha256:aaaaaaaaaaaa (5xx ratio 0.31 > 0.05);"
                                + " rolling back to the folder as of "));
        assertThat(watched.result().out())
                .singleElement()
                .asString()
                .contains(" to main (slipway/production: roll back sha256:aaaaaaaaaaaa to sha256:bbbbbbbbbbbb"
                        + " (5xx ratio 0.31 > 0.05)");
        String message = repository.head("main").getFullMessage();
        assertThat(message)
                .contains("Automatic rollback: production regressed on " + DIGEST_A)
                .contains("Restored: " + DIGEST_B)
                .contains("Rollback-Of: " + regressed)
                .contains("Rollback-Reason: 5xx ratio 0.31 > 0.05");

        // The rollback regresses in turn: never rolled back again.
        Watched again = watch(repository, new FakePrometheus().script(failingRequests()), request());
        assertThat(again.exit()).isEqualTo(ExitCode.REGRESSED);
        assertThat(again.reasons())
                .anyMatch(line -> line.contains("is itself a rollback (Rollback-Of: " + regressed
                        + "): not rolled back again; a person decides what runs next"));
        assertThat(repository.head("main").getFullMessage()).isEqualTo(message);
    }

    @Test
    void aRegressionIsOnlyReportedWhereRollbackIsNotAllowedOrNothingEarlierRunsAnotherDigest() throws Exception {
        LocalConfigRepository repository = released.copyTo(temp.resolve("config.git"));
        String before = repository.head("main").name();

        Watched refused = watch(repository, new FakePrometheus().script(failingRequests()), request(false));
        assertThat(refused.exit()).isEqualTo(ExitCode.REGRESSED);
        assertThat(refused.reasons())
                .contains("regressed: production on sha256:aaaaaaaaaaaa (5xx ratio 0.31 > 0.05); not rolled back"
                        + " (--no-rollback); roll back with: slipway-gitops rollback --env production");

        Path manual = WatchedEnvironments.production(
                temp.resolve("manual"),
                "20s",
                values -> values.replace("rollback: {automatic: true}", "rollback: {automatic: false}"));
        Watched off = watch(repository, manual, new FakePrometheus().script(failingRequests()), request());
        assertThat(off.reasons())
                .anyMatch(line -> line.endsWith("not rolled back (promotion.rollback.automatic is off"
                        + " for production); roll back with: slipway-gitops rollback --env production"));
        assertThat(repository.head("main").name()).isEqualTo(before);

        // Only ever A: nothing earlier runs another digest.
        LocalConfigRepository onlyA = LocalConfigRepository.create(temp.resolve("only-a.git"));
        onlyA.publish(environments, "production", DIGEST_A);
        Watched nothing = watch(onlyA, new FakePrometheus().script(failingRequests()), request());
        assertThat(nothing.exit()).isEqualTo(ExitCode.REGRESSED);
        assertThat(nothing.reasons())
                .anyMatch(
                        line -> line.endsWith(
                                "no earlier state of apps/slipway/production in"
                                        + " its last 1000 changes verifies and runs another digest: nothing to restore; a person decides"));
    }

    @Test
    void aVerdictOnAReleaseReplacedDuringTheSoakIsSupersededWhateverItSays() throws Exception {
        for (FakePrometheus.Script verdict :
                List.<FakePrometheus.Script>of(FakePrometheus::healthy, failingRequests())) {
            LocalConfigRepository repository = released.copyTo(temp.resolve("config-" + System.nanoTime() + ".git"));
            boolean[] published = {false};
            FakePrometheus prometheus = new FakePrometheus().script(query -> {
                if (query.startsWith("histogram_quantile") && !published[0]) {
                    published[0] = true; // a newer release lands while the gates are measured
                    repository.publish(environments, "production", DIGEST_C);
                }
                return verdict.answer(query);
            });

            Watched watched = watch(repository, prometheus, request());

            assertThat(watched.exit()).as(watched.toString()).isEqualTo(ExitCode.SUPERSEDED);
            assertThat(watched.reasons().get(watched.reasons().size() - 1))
                    .contains("; but apps/slipway/production on main changed since ")
                    .endsWith(": this verdict is on a release that no longer runs; watch the folder again; nothing"
                            + " was rolled back");
            assertThat(repository.head("main").getShortMessage()).contains("sha256-cccccccccccc");
        }
    }

    @Test
    void aRollbackThatLosesTheRaceToANewerReleaseLeavesItInPlace() throws Exception {
        LocalConfigRepository repository = released.copyTo(temp.resolve("config.git"));
        List<String> progress = new ArrayList<>();
        ReleaseWatch releaseWatch = ReleaseWatch.of(
                environments,
                "production",
                new FakePrometheus().script(failingRequests()),
                Duration.ofSeconds(1),
                new ManualTicker(NOW));
        try (RacingConfigRemote config = new RacingConfigRemote(
                repository.open(), () -> repository.publish(environments, "production", DIGEST_C))) {
            WatchWorkflow workflow = new WatchWorkflow(releaseWatch, config, Optional.empty(), progress::add);
            assertThatThrownBy(() -> workflow.run(request(), () -> publisher(config)))
                    .isInstanceOfSatisfying(Concluded.class, failure -> {
                        assertThat(failure.exitCode()).isEqualTo(ExitCode.SUPERSEDED);
                        assertThat(failure.lines(true))
                                .anyMatch(line -> line.contains("rolling back to the folder as of"))
                                .last()
                                .asString()
                                .contains("changed since it was read")
                                .endsWith("not replacing their change, nothing was pushed");
                    });
            assertThat(config.pushes()).isEqualTo(1);
        }
        assertThat(repository.head("main").getShortMessage()).contains("sha256-cccccccccccc");
    }

    @Test
    void aReleaseMergedWhileTheSyncWindowIsShutIsNotRolledOutAndSaysWhenItSyncs() throws Exception {
        Path shut = WatchedEnvironments.production(
                temp.resolve("shut"),
                "20s",
                values -> values.replace(
                        "  windows: []",
                        "  windows:\n    - {kind: deny, schedule: \"* * * * *\", duration: 1h, timeZone: UTC}"));
        LocalConfigRepository repository = released.copyTo(temp.resolve("config.git"));

        Watched watched = watch(
                repository,
                shut,
                new FakePrometheus()
                        .script(query -> query.contains("image!~")
                                ? OptionalDouble.of(2)
                                : query.startsWith("count(slipway_build_info") ? OptionalDouble.of(0) : healthy(query)),
                request());

        assertThat(watched.exit()).isEqualTo(ExitCode.NOT_ROLLED_OUT);
        assertThat(watched.reasons())
                .singleElement()
                .asString()
                .contains("0 ready pod(s) on sha256:aaaaaaaaaaaa (needs 2), 2 on other builds")
                .contains("; production is outside its sync windows now (promotion.windows: deny \"* * * * *\"");
    }

    @Test
    void theRevisionArgoCdSyncedIsWatchedUnlessANewerReleaseReplacedIt() throws Exception {
        LocalConfigRepository repository = released.copyTo(temp.resolve("config.git"));
        String releaseA = repository.head("main").name();
        String releaseB = repository.head("main").getParent(0).name();

        Watched synced = watch(repository, new FakePrometheus(), request(true, Optional.of(releaseA)));
        assertThat(synced.exit()).as(synced.toString()).isEqualTo(ExitCode.OK);
        assertThat(synced.progress())
                .contains("watching apps/slipway/production at " + releaseA.substring(0, 12) + ": "
                        + LocalConfigRepository.IMAGE + "@" + DIGEST_A);

        assertThatThrownBy(() -> watch(repository, new FakePrometheus(), request(true, Optional.of(releaseB))))
                .isInstanceOfSatisfying(PublishFailure.class, failure -> {
                    assertThat(failure.exitCode()).isEqualTo(ExitCode.SUPERSEDED);
                    assertThat(failure.getMessage()).contains("a newer release is merged; it is watched when it syncs");
                });
    }

    /** What a watch ended with, and what it said as it went. */
    record Watched(WatchWorkflow.Result result, List<String> progress, Duration spent) {
        ExitCode exit() {
            return result.exit();
        }

        List<String> reasons() {
            return result.reasons();
        }
    }

    Watched watch(LocalConfigRepository repository, FakePrometheus prometheus, WatchWorkflow.Request request)
            throws Exception {
        return watch(repository, environments, prometheus, request);
    }

    Watched watch(
            LocalConfigRepository repository, Path values, FakePrometheus prometheus, WatchWorkflow.Request request)
            throws Exception {
        ManualTicker ticker = new ManualTicker(NOW);
        List<String> progress = new ArrayList<>();
        ReleaseWatch releaseWatch = ReleaseWatch.of(values, "production", prometheus, Duration.ofSeconds(1), ticker);
        try (ConfigRemote config = repository.open()) {
            WatchWorkflow.Result result = new WatchWorkflow(releaseWatch, config, Optional.empty(), progress::add)
                    .run(request, () -> publisher(config));
            return new Watched(result, progress, ticker.elapsed());
        }
    }

    static WatchWorkflow.Request request() {
        return request(true);
    }

    static WatchWorkflow.Request request(boolean rollbackAllowed) {
        return request(rollbackAllowed, Optional.empty());
    }

    static WatchWorkflow.Request request(boolean rollbackAllowed, Optional<String> revision) {
        return new WatchWorkflow.Request(
                "main",
                revision,
                Duration.ofMinutes(1),
                rollbackAllowed,
                new Deliveries.Origin("https://gitlab.example.com/slipway/server", "https://gitlab.example.com/p/1"),
                false);
    }

    static Publisher publisher(ConfigRemote config) throws SlipwayFailure {
        return new Publisher(
                config,
                new PersonIdent("Slipway CI", "ci@slipway.invalid"),
                CommitSigner.fromEnvironment(LocalConfigRepository.environment()),
                Secrets.of(LocalConfigRepository.environment()),
                new GitLabPushOptions());
    }
}
