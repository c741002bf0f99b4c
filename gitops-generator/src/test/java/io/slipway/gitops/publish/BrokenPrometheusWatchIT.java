package io.slipway.gitops.publish;

import static io.slipway.gitops.publish.GitHttpServer.git;
import static io.slipway.gitops.publish.ScriptedPrometheus.healthy;
import static io.slipway.gitops.publish.ScriptedPrometheus.vector;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} against a Prometheus that is broken or hostile, played by a scripted HTTP server,
 * and a real git server: what Prometheus cannot say is never taken for a verdict on the release. No
 * value that is not finite starts a rollback; a Prometheus that cannot answer is no verdict (exit 9),
 * not "not rolled out"; a healthy verdict on a release replaced meanwhile is superseded (exit 15).
 */
class BrokenPrometheusWatchIT {

    @TempDir
    static Path temp;

    static GitHttpServer git;
    static ScriptedPrometheus prometheus;
    static Path environments;

    @BeforeAll
    static void start() throws IOException {
        git = GitHttpServer.start(Files.createDirectories(temp.resolve("git")));
        environments = ReleaseWatchIT.productionWatched(temp.resolve("values"), "3s");
        prometheus = ScriptedPrometheus.start();
    }

    @AfterAll
    static void stop() {
        prometheus.close();
        git.close();
    }

    @Test
    void aValueThatIsNotFiniteIsNoMeasurementAndRollsNothingBack() {
        for (String[] lie : List.of(new String[] {"((sum(", "-Inf"}, new String[] {"histogram_quantile", "-1e999"})) {
            String url = released("infinite-" + lie[1].replace("-", "") + ".git");
            String refs = git(git.path(url.substring(url.lastIndexOf('/') + 1)), "for-each-ref");
            prometheus.script(query -> query.startsWith(lie[0]) ? vector(lie[1]) : healthy(query));

            CliRun watch = watch(url);
            assertThat(watch.exit())
                    .as(lie[1] + ": " + watch.out() + watch.err())
                    .isEqualTo(9);
            assertThat(watch.err())
                    .contains("(not a finite number)")
                    .contains("no verdict on sha256:aaaaaaaaaaaa in production")
                    .contains("nothing was rolled back")
                    .doesNotContain("regressed");
            assertThat(git(git.path(url.substring(url.lastIndexOf('/') + 1)), "for-each-ref"))
                    .isEqualTo(refs);
        }
    }

    @Test
    void aPrometheusThatCannotAnswerIsNoVerdictNotARolloutThatFailed() {
        String url = released("unanswered.git");
        Map<String, ScriptedPrometheus.Answer> broken = Map.of(
                "an error",
                new ScriptedPrometheus.Answer(500, "application/json", "{\"status\":\"error\",\"error\":\"internal\"}"),
                "a login page",
                new ScriptedPrometheus.Answer(200, "text/html", "<html><body><form>Sign in</form></body></html>"),
                "truncated JSON",
                new ScriptedPrometheus.Answer(
                        200, "application/json", "{\"status\":\"success\",\"data\":{\"resultType\":\"vec"),
                "a redirect",
                new ScriptedPrometheus.Answer(302, "text/html", ""));
        for (Map.Entry<String, ScriptedPrometheus.Answer> answer : broken.entrySet()) {
            prometheus.script(query -> answer.getValue());
            CliRun watch = watch(url, "--rollout-deadline", "1s");
            assertThat(watch.exit()).as(answer.getKey() + ": " + watch.err()).isEqualTo(9);
            assertThat(watch.err().lines())
                    .as(answer.getKey())
                    .singleElement()
                    .asString()
                    .startsWith("no verdict on the rollout of sha256:aaaaaaaaaaaa within 1 s: Prometheus at ")
                    .endsWith("; whether the pods run it is unknown; nothing was rolled back");
        }

        // Silence: the query's own limit (20 s), then the same conclusion.
        prometheus.script(prometheus::silence);
        CliRun silent = watch(url, "--rollout-deadline", "1s");
        assertThat(silent.exit()).as(silent.err()).isEqualTo(9);
        assertThat(silent.err())
                .contains("did not answer within 20.0 s")
                .contains("whether the pods run it is unknown");

        // Prometheus answers, and the pods are not there: that is "not rolled out", said on stderr.
        prometheus.script(query -> query.startsWith("count(slipway_build_info") ? vector("0") : healthy(query));
        CliRun absent = watch(url, "--rollout-deadline", "1s");
        assertThat(absent.exit()).as(absent.err()).isEqualTo(14);
        assertThat(absent.err())
                .isEqualTo("not rolled out within 1 s: 0 ready pod(s) on sha256:aaaaaaaaaaaa (needs 2), 0 on other"
                        + " builds\n");
        assertThat(absent.out()).doesNotContain("not rolled out");
    }

    @Test
    void aHealthyVerdictOnAReleaseReplacedDuringTheSoakIsSuperseded() {
        String url = released("superseded.git");
        AtomicBoolean published = new AtomicBoolean();
        prometheus.script(query -> {
            // A newer release lands while the gates are measured.
            if (query.startsWith("min_over_time(") && published.compareAndSet(false, true)) {
                assertThat(ReleaseWatchIT.publish(url, environments, PublishIT.DIGEST_B, "c0ffeebbbbbb")
                                .exit())
                        .isZero();
            }
            return healthy(query);
        });
        CliRun watch = watch(url);
        assertThat(watch.exit()).as(watch.out() + watch.err()).isEqualTo(15);
        assertThat(watch.out()).contains("5xx ratio").doesNotContain("healthy:");
        assertThat(watch.err())
                .startsWith("healthy: production runs sha256:aaaaaaaaaaaa on every ready pod and passes its 7 gates;"
                        + " but apps/slipway/production on main changed since ")
                .endsWith(": this verdict is on a release that no longer runs; watch the folder again; nothing was"
                        + " rolled back\n");
        assertThat(git(git.path("superseded.git"), "log", "-1", "--format=%s", "main"))
                .contains("deploy sha256-bbbbbbbbbbbb");
    }

    /** A new config repository with production published on digest A. */
    static String released(String name) {
        String url = git.createRepository(name, true);
        CliRun published = ReleaseWatchIT.publish(url, environments, PublishIT.DIGEST_A, "c0ffeeaaaaaa");
        assertThat(published.exit()).as(published.err()).isZero();
        return url;
    }

    static CliRun watch(String url, String... extra) {
        return WatchCli.run("production", url, environments, prometheus.url(), extra);
    }
}
