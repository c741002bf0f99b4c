package io.slipway.gitops.publish;

import static io.slipway.gitops.support.ScriptedPrometheus.healthy;
import static io.slipway.gitops.support.ScriptedPrometheus.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.slipway.gitops.CliRun;
import io.slipway.gitops.support.GeneratorRuns;
import io.slipway.gitops.support.GitHttpServer;
import io.slipway.gitops.support.ScriptedPrometheus;
import io.slipway.gitops.support.WatchCli;
import io.slipway.gitops.support.WatchedEnvironments;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed watch reaches a person: against a real Alertmanager (Debian's package) routing by
 * severity as the environments' AlertmanagerConfig does, a regression is delivered to the pager
 * receiver as a critical {@code SlipwayReleaseWatchFailed} with its runbook, a release that did not
 * roll out to the team's channel as a warning, and the next healthy watch resolves them.
 */
class WatchAlertIT {

    static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    static GitHttpServer git;
    static ScriptedPrometheus prometheus;
    static HttpServer receivers;
    static Process alertmanager;
    static int alertmanagerPort;
    static final BlockingQueue<JsonNode> page = new LinkedBlockingQueue<>();
    static final BlockingQueue<JsonNode> notify = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(
                Files.isExecutable(ALERTMANAGER),
                "prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager)");
        git = GitHttpServer.start(Files.createDirectories(temp.resolve("git")));
        prometheus = ScriptedPrometheus.start();
        receivers = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        receivers.createContext("/", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                (exchange.getRequestURI().getPath().equals("/page") ? page : notify).add(body);
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receivers.start();
        String receiver = "http://127.0.0.1:" + receivers.getAddress().getPort();
        Path config = temp.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: notify
                  group_by: [alertname, namespace]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                  routes:
                    - receiver: page
                      matchers: ['severity="critical"']
                receivers:
                  - name: page
                    webhook_configs: [{url: '%s/page', send_resolved: true}]
                  - name: notify
                    webhook_configs: [{url: '%s/notify', send_resolved: true}]
                """.formatted(receiver, receiver));
        alertmanagerPort = GeneratorRuns.closedPort();
        alertmanager = new ProcessBuilder(
                        ALERTMANAGER.toString(),
                        "--config.file=" + config,
                        "--storage.path=" + Files.createDirectories(temp.resolve("am-data")),
                        "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                        "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("alertmanager.log").toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                HttpResponse<String> ready = http.send(
                        HttpRequest.newBuilder(URI.create(alertmanagerUrl() + "/-/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            assertThat(System.nanoTime() - end)
                    .as("Alertmanager ready within 30 s")
                    .isNegative();
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() {
        if (alertmanager != null) {
            alertmanager.destroyForcibly();
        }
        if (receivers != null) {
            receivers.stop(0);
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (git != null) {
            git.close();
        }
    }

    @Test
    void aFailedWatchPagesOrNotifiesByWhatFailedAndTheNextHealthyOneResolvesIt() throws Exception {
        Path environments = WatchedEnvironments.production(temp.resolve("values"), "3s");
        String url = git.createRepository("alerts.git", true);
        assertThat(GeneratorRuns.publishAs(url, environments, GeneratorRuns.DIGEST_A, "c0ffeeaaaaaa")
                        .exit())
                .isZero();

        prometheus.script(query -> query.startsWith("((sum(") ? vector("0.4") : healthy(query));
        CliRun regressed = watch(url, environments, "--no-rollback");
        assertThat(regressed.exit()).as(regressed.err()).isEqualTo(13);
        JsonNode paged = page.poll(30, TimeUnit.SECONDS);
        assertThat(paged).as("a page within 30 s").isNotNull();
        JsonNode alert = paged.at("/alerts/0");
        assertThat(paged.path("status").asText()).isEqualTo("firing");
        assertThat(alert.at("/labels/alertname").asText()).isEqualTo("SlipwayReleaseWatchFailed");
        assertThat(alert.at("/labels/namespace").asText()).isEqualTo("slipway-production");
        assertThat(alert.at("/labels/severity").asText()).isEqualTo("critical");
        assertThat(alert.at("/annotations/summary").asText())
                .startsWith("release watch of production failed: regressed: production on sha256:aaaaaaaaaaaa"
                        + " (5xx ratio 0.4 > 0.05)");
        assertThat(alert.at("/annotations/runbook_url").asText())
                .isEqualTo("https://gitlab.example.com/platform/slipway/-/blob/main/docs/operating.md"
                        + "#slipwayreleasewatchfailed");

        prometheus.script(query -> query.startsWith("count(slipway_build_info") ? vector("0") : healthy(query));
        CliRun absent = watch(url, environments, "--rollout-deadline", "1s");
        assertThat(absent.exit()).as(absent.err()).isEqualTo(14);
        JsonNode notified = notify.poll(30, TimeUnit.SECONDS);
        assertThat(notified).as("a notification within 30 s").isNotNull();
        assertThat(notified.at("/alerts/0/labels/severity").asText()).isEqualTo("warning");

        prometheus.script(ScriptedPrometheus::healthy);
        CliRun healthy = watch(url, environments);
        assertThat(healthy.exit()).as(healthy.err()).isZero();
        assertThat(healthy.err()).doesNotContain("warning:");
        assertThat(resolved(page)).as("the page resolved").isTrue();
        assertThat(resolved(notify)).as("the notification resolved").isTrue();
    }

    /** Whether a receiver is told, within 30 s, that its alert is resolved. */
    static boolean resolved(BlockingQueue<JsonNode> receiver) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            JsonNode message = receiver.poll(1, TimeUnit.SECONDS);
            if (message != null && message.path("status").asText().equals("resolved")) {
                return true;
            }
        }
        return false;
    }

    static CliRun watch(String url, Path environments, String... extra) {
        List<String> args = new ArrayList<>(List.of("--alertmanager-url", alertmanagerUrl()));
        args.addAll(List.of(extra));
        return WatchCli.run("production", url, environments, prometheus.url(), args.toArray(String[]::new));
    }

    static String alertmanagerUrl() {
        return "http://127.0.0.1:" + alertmanagerPort;
    }
}
