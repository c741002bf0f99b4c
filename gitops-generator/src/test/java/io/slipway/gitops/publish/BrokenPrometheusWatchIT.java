package io.slipway.gitops.publish;

import static io.slipway.gitops.publish.GitHttpServer.git;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.slipway.gitops.CliRun;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
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

    /** A Prometheus answer: status, content type, body. */
    record Answer(int status, String contentType, String body) {}

    @TempDir
    static Path temp;

    static GitHttpServer git;
    static HttpServer prometheus;
    static volatile Function<String, Answer> script;
    static final CountDownLatch closing = new CountDownLatch(1);
    static Path environments;

    @BeforeAll
    static void start() throws IOException {
        git = GitHttpServer.start(Files.createDirectories(temp.resolve("git")));
        environments = ReleaseWatchIT.productionWatched(temp.resolve("values"), "3s");
        prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        prometheus.createContext("/", BrokenPrometheusWatchIT::answer);
        prometheus.setExecutor(Executors.newCachedThreadPool());
        prometheus.start();
    }

    @AfterAll
    static void stop() {
        closing.countDown();
        prometheus.stop(0);
        git.close();
    }

    @Test
    void aValueThatIsNotFiniteIsNoMeasurementAndRollsNothingBack() {
        for (String[] lie : List.of(new String[] {"((sum(", "-Inf"}, new String[] {"histogram_quantile", "-1e999"})) {
            String url = released("infinite-" + lie[1].replace("-", "") + ".git");
            String refs = git(git.path(url.substring(url.lastIndexOf('/') + 1)), "for-each-ref");
            script = query -> query.startsWith(lie[0]) ? vector(lie[1]) : healthy(query);

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
        Map<String, Answer> broken = Map.of(
                "an error",
                new Answer(500, "application/json", "{\"status\":\"error\",\"error\":\"internal\"}"),
                "a login page",
                new Answer(200, "text/html", "<html><body><form>Sign in</form></body></html>"),
                "truncated JSON",
                new Answer(200, "application/json", "{\"status\":\"success\",\"data\":{\"resultType\":\"vec"),
                "a redirect",
                new Answer(302, "text/html", ""));
        for (Map.Entry<String, Answer> answer : broken.entrySet()) {
            script = query -> answer.getValue();
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
        script = query -> {
            awaitClosing();
            return healthy(query);
        };
        CliRun silent = watch(url, "--rollout-deadline", "1s");
        assertThat(silent.exit()).as(silent.err()).isEqualTo(9);
        assertThat(silent.err())
                .contains("did not answer within 20.0 s")
                .contains("whether the pods run it is unknown");

        // Prometheus answers, and the pods are not there: that is "not rolled out", said on stderr.
        script = query -> query.startsWith("count(slipway_build_info") ? vector("0") : healthy(query);
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
        script = query -> {
            // A newer release lands while the gates are measured.
            if (query.startsWith("min_over_time(") && published.compareAndSet(false, true)) {
                assertThat(ReleaseWatchIT.publish(url, environments, PublishIT.DIGEST_B, "c0ffeebbbbbb")
                                .exit())
                        .isZero();
            }
            return healthy(query);
        };
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
        List<String> args = new ArrayList<>(List.of(
                "watch",
                "--env",
                "production",
                "--repo",
                url,
                "--environments",
                environments.toString(),
                "--prometheus-url",
                "http://127.0.0.1:" + prometheus.getAddress().getPort(),
                "--interval",
                "1s"));
        args.addAll(List.of(extra));
        return PublishIT.cli(Map.of(), args.toArray(String[]::new));
    }

    /** What a healthy production on the release says: two pods on it, none elsewhere, traffic without errors. */
    static Answer healthy(String query) {
        if (query.contains("image!~")) {
            return vector("0");
        }
        if (query.startsWith("count(slipway_build_info") || query.startsWith("min_over_time(")) {
            return vector("2");
        }
        if (query.startsWith("count_over_time(")) {
            return vector("1");
        }
        if (query.startsWith("(sum(increase(")) {
            return vector("1000");
        }
        if (query.startsWith("histogram_quantile")) {
            return vector("0.02");
        }
        return vector("0"); // the 5xx ratio, the restarts
    }

    static Answer vector(String value) {
        return new Answer(
                200,
                "application/json",
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":"
                        + "[1765000000,\"" + value + "\"]}]}}");
    }

    static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String raw = exchange.getRequestURI().getRawQuery();
            String query =
                    URLDecoder.decode(raw.substring(raw.indexOf("query=") + "query=".length()), StandardCharsets.UTF_8);
            Answer answer = script.apply(query);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            if (answer.status() == 302) {
                exchange.getResponseHeaders().add("Location", "/login?next=/api/v1/query");
            }
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    static void awaitClosing() {
        try {
            closing.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
