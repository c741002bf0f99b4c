package io.slipway.gitops.publish;

import static io.slipway.gitops.support.GitHttpServer.git;
import static io.slipway.gitops.support.ScrapedServer.HTTP;
import static io.slipway.gitops.support.ScrapedServer.PROMETHEUS;
import static io.slipway.gitops.support.ScrapedServer.SERVER_JAR;
import static io.slipway.gitops.support.ScrapedServer.await;
import static io.slipway.gitops.support.ScrapedServer.get;
import static io.slipway.gitops.support.ScrapedServer.pause;
import static io.slipway.gitops.support.ScrapedServer.post;
import static io.slipway.gitops.support.ScrapedServer.prometheus;
import static io.slipway.gitops.support.ScrapedServer.serverProcess;
import static io.slipway.gitops.support.ScrapedServer.status;
import static io.slipway.gitops.support.ScrapedServer.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slipway.gitops.CliRun;
import io.slipway.gitops.Fixtures;
import io.slipway.gitops.Generator;
import io.slipway.gitops.promote.PrometheusClient;
import io.slipway.gitops.promote.PromotionGates;
import io.slipway.gitops.support.GeneratorRuns;
import io.slipway.gitops.support.GitHttpServer;
import io.slipway.gitops.values.EnvironmentValues;
import io.slipway.gitops.values.ValuesLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * promote's gates against a real Prometheus (the Debian package) scraping the real server jar,
 * which reports the digest it was started with; a 10-second soak window keeps it short.
 */
class PromotionGatesIT {

    static final String DIGEST_A = GeneratorRuns.DIGEST_A;
    static final String DIGEST_B = GeneratorRuns.DIGEST_B;

    @TempDir
    static Path temp;

    static GitHttpServer git;
    static Process server;
    static Process prometheus;
    static int serverPort;
    static int adminPort;
    static int prometheusPort;
    static final AtomicBoolean traffic = new AtomicBoolean(true);

    @BeforeAll
    static void start() throws Exception {
        // .ci/run and the GitLab test job install it; anywhere else the tests are reported as skipped, saying why.
        assumeTrue(
                Files.isExecutable(PROMETHEUS),
                "prometheus is not installed (apt-get install prometheus): the promotion gate tests need it");
        assertThat(SERVER_JAR)
                .as("the server jar, built by ./mvnw package before this module")
                .exists();
        git = GitHttpServer.start(Files.createDirectories(temp.resolve("git")));

        serverPort = GeneratorRuns.closedPort();
        adminPort = GeneratorRuns.closedPort();
        server = serverProcess(temp, serverPort, adminPort, DIGEST_A);

        prometheusPort = GeneratorRuns.closedPort();
        prometheus = prometheus(temp, prometheusPort, "slipway-staging", "\"127.0.0.1:" + adminPort + "\"");

        CompletableFuture<Void> unused = CompletableFuture.runAsync(() -> {
            while (traffic.get()) {
                get("http://127.0.0.1:" + serverPort + "/api/v1/users/" + UUID.randomUUID());
                pause(25);
            }
        });
    }

    @AfterAll
    static void stop() {
        traffic.set(false);
        if (prometheus != null) {
            prometheus.destroyForcibly();
        }
        if (server != null) {
            server.destroyForcibly();
        }
        if (git != null) {
            git.close();
        }
    }

    @Test
    void theGatesPassOnlyForTheDigestEveryPodRunsHealthyWithEnoughTrafficAndFailClosed() throws Exception {
        Path environments = environments("gates", 20);
        String url = git.createRepository("gates.git", true);
        assertThat(publish(url, environments, DIGEST_A).exit()).isZero();
        // The soak window must be covered: the server scraped at every step of the last 10 s.
        PrometheusClient client = new PrometheusClient(URI.create(prometheusUrl()), Optional.empty());
        await(() -> value(client, "count_over_time(up{job=\"slipway\"}[10s:1s])") >= 10, "10 s of scrapes");

        CliRun pass = gatesOnly(url, environments);
        assertThat(pass.exit()).as(pass.out() + pass.err()).isZero();
        assertThat(pass.out())
                .contains(
                        "pods on sha256:aaaaaaaaaaa", "soak 10s", "requests", "5xx ratio", "p99 latency s", "restarts")
                .doesNotContain("FAIL");

        // Promoted for real: the verdict travels with the change, for the approver.
        CliRun promote = GeneratorRuns.promote(Map.of("PROMETHEUS_URL", prometheusUrl()), url, environments);
        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(git(git.path("gates.git"), "log", "-1", "--format=%B", "slipway/slipway/production"))
                .contains(
                        "Promotion gates, measured in staging:",
                        "pass  pods on sha256:aaaaaaaaaaaa: 1 (needs >= 1)",
                        "pass  5xx ratio: 0 (needs <= 0.05)")
                .doesNotContain("Gates-Skipped");

        CliRun quiet = gatesOnly(url, environments("quiet", 1_000_000));
        assertThat(quiet.exit()).isEqualTo(9);
        assertThat(quiet.err())
                .contains("promotion gate failed: requests measured")
                .hasLineCount(2);

        assertThat(publish(url, environments, DIGEST_B).exit()).isZero();
        CliRun other = gatesOnly(url, environments);
        assertThat(other.exit()).isEqualTo(9);
        assertThat(other.err())
                .contains(
                        "promotion gate failed: pods on sha256:bbbbbbbbbbbb measured -, needs >= 1 (no data)",
                        "promotion gate failed: pods on other builds measured 1, needs <= 0");
        assertThat(publish(url, environments, DIGEST_A).exit()).isZero();

        // A registration flood: the server, given no hashing budget, sheds what it cannot take at once with 503s.
        List<CompletableFuture<Integer>> flood = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            flood.add(CompletableFuture.supplyAsync(() -> post(
                    "http://127.0.0.1:" + serverPort + "/api/v1/users",
                    "{\"email\":\"flood" + UUID.randomUUID()
                            + "@example.com\",\"name\":\"Flood\",\"password\":\"correct horse battery\"}")));
        }
        assertThat(flood.stream().map(CompletableFuture::join).filter(status -> status == 503))
                .isNotEmpty();
        await(() -> value(client, "sum(http_requests_total{status=\"503\"})") > 0, "503s scraped");
        CliRun failing = gatesOnly(url, environments);
        assertThat(failing.exit()).as(failing.out()).isEqualTo(9);
        assertThat(failing.err()).contains("promotion gate failed: 5xx ratio measured");

        prometheus.destroyForcibly().waitFor();
        CliRun down = gatesOnly(url, environments);
        assertThat(down.exit()).isEqualTo(9);
        assertThat(down.err()).contains("cannot be reached", "promote refused: 7 of 7 promotion gates failed");
    }

    @Test
    void everySeriesTheGatesAndAlertsQueryIsOneTheServerExports() throws Exception {
        assertThat(get("http://127.0.0.1:" + serverPort + "/api/v1/users/" + UUID.randomUUID()))
                .isEqualTo(401);
        String scrape = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Set<String> exported = new TreeSet<>();
        scrape.lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> exported.add(line.split("[{ ]", 2)[0]));
        exported.add(
                "slipway_cache_operations_total"); // counted per cache operation; the embedded default has no Redis
        List<String> queries = new ArrayList<>();
        EnvironmentValues production = new ValuesLoader(Fixtures.ENVIRONMENTS).load("production");
        new PromotionGates("slipway-staging", DIGEST_A, 2, production.promotionGates())
                .gates()
                .forEach(gate -> queries.add(gate.query()));
        String rules = new Generator(Fixtures.ENVIRONMENTS)
                .render("production", Fixtures.IMAGE, Fixtures.COMMIT)
                .manifests()
                .files()
                .get("prometheusrule.yaml");
        Matcher expr = Pattern.compile("expr: (?:\\|\\n)?((?:.+\\n?)+?)(?=\\s+(?:for|labels):)")
                .matcher(rules);
        while (expr.find()) {
            queries.add(expr.group(1));
        }
        assertThat(queries).hasSizeGreaterThan(10);
        // Series from other exporters the alerts use by design.
        Set<String> external = Set.of(
                "kube_pod_container_status_restarts_total",
                "kube_horizontalpodautoscaler_status_current_replicas",
                "kube_horizontalpodautoscaler_spec_max_replicas",
                "redis_memory_used_bytes",
                "redis_memory_max_bytes");
        for (String query : queries) {
            assertThat(metricNames(query))
                    .as(query)
                    .isNotEmpty()
                    .allSatisfy(name -> assertThat(exported.contains(name) || external.contains(name))
                            .as(name + " in " + query)
                            .isTrue());
        }
    }

    /** Metric names in a PromQL expression: identifiers that are neither functions, keywords nor labels. */
    static Set<String> metricNames(String promql) {
        String stripped = promql.replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\"[^\"]*\"", " ")
                .replaceAll("\\boffset\\s+\\S+", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*+").matcher(stripped);
        while (identifier.find()) {
            String name = identifier.group();
            if (!Set.of("and", "or", "unless", "bool", "offset", "group_left", "group_right")
                            .contains(name)
                    && !stripped.substring(identifier.end()).stripLeading().startsWith("(")) {
                names.add(name);
            }
        }
        return names;
    }

    static Path environments(String name, long minRequests) throws IOException {
        Path copy = Fixtures.environmentsCopy(temp.resolve(name));
        // One pod is all this test runs; the window is seconds, not minutes.
        Files.writeString(
                copy.resolve("staging.yaml"),
                Files.readString(copy.resolve("staging.yaml")).replace("replicas: 2", "replicas: 1"));
        Files.writeString(
                copy.resolve("production.yaml"),
                Files.readString(copy.resolve("production.yaml"))
                        + "promotion:\n  gates: {soak: 10s, minRequests: " + minRequests + ", maxErrorRatio: 0.05, "
                        + "maxP99LatencySeconds: 1, maxRestarts: 0}\n");
        return copy;
    }

    static CliRun publish(String url, Path environments, String digest) {
        return GeneratorRuns.cli(Map.of(), GeneratorRuns.publishArgs(url, environments, "staging", digest));
    }

    static CliRun gatesOnly(String url, Path environments) {
        Map<String, String> env = new HashMap<>(Map.of("PROMETHEUS_URL", prometheusUrl()));
        return GeneratorRuns.promote(env, url, environments, "--gates-only");
    }

    static String prometheusUrl() {
        return "http://127.0.0.1:" + prometheusPort;
    }
}
