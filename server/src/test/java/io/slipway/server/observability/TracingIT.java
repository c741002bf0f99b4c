package io.slipway.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.slipway.server.SlipwayConfiguration;
import io.slipway.server.support.Api;
import io.slipway.server.support.Api.Reply;
import io.slipway.server.support.PostgresServer;
import io.slipway.server.support.RedisProcess;
import io.slipway.server.support.TestApp;
import io.slipway.server.support.ZipkinServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traces of real requests in a real backend: the server on PostgreSQL and Redis sends its spans to
 * Zipkin's server, and each request of a register, a login and two reads is found there under the
 * caller's {@code traceparent}, its database and Redis spans beneath it; its log lines and its
 * latency exemplar name the same trace.
 */
class TracingIT {

    static final String PASSWORD = "correct horse battery";
    static final SecureRandom RANDOM = new SecureRandom();
    static final Path LOG = TestApp.logFile(TracingIT.class);

    static RedisProcess redis;
    static ZipkinServer zipkin;
    static DropwizardAppExtension<SlipwayConfiguration> app;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        PostgresServer.Database database = PostgresServer.sharedDatabase("tracing");
        redis = RedisProcess.start();
        zipkin = ZipkinServer.start();
        app = TestApp.with(
                database::jdbcUrl,
                redis::url,
                LOG,
                ConfigOverride.config("tracing.endpoint", zipkin.spansEndpoint()),
                ConfigOverride.config("tracing.protocol", "zipkin"),
                ConfigOverride.config("tracing.samplingRatio", "0.0"),
                ConfigOverride.config("tracing.environment", "test"));
        app.before();
        api = new Api(app.getLocalPort());
    }

    @AfterAll
    static void stop() {
        app.after();
        zipkin.close();
        redis.stop();
    }

    /** A caller's span: the trace it belongs to and its own id, sampled. */
    record Caller(String traceId, String spanId) {
        static Caller sampled() {
            return new Caller(hex(16), hex(8));
        }

        String[] header() {
            return new String[] {"traceparent", "00-" + traceId + "-" + spanId + "-01"};
        }
    }

    @Test
    void registerTokenAndReadsAreTracedIntoTheDatabaseAndRedis() throws Exception {
        String email = "traced-" + UUID.randomUUID() + "@example.com";
        Caller register = Caller.sampled();
        Reply created = api.post(
                "/api/v1/users", Map.of("email", email, "name", "Traced", "password", PASSWORD), register.header());
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asText();

        Caller login = Caller.sampled();
        Reply token = api.post("/api/v1/auth/token", Map.of("email", email, "password", PASSWORD), login.header());
        assertThat(token.status()).as(token.text()).isEqualTo(200);
        String bearer = "Bearer " + token.json().get("access_token").asText();

        Caller firstRead = Caller.sampled();
        assertThat(read(id, bearer, firstRead).status()).isEqualTo(200);
        Caller cachedRead = Caller.sampled();
        assertThat(read(id, bearer, cachedRead).status()).isEqualTo(200);

        Trace registered = Trace.of(zipkin.trace(register.traceId(), 3), register);
        registered.assertServerSpan("post /api/v1/users", 201);
        assertThat(registered.databaseSpans())
                .as("the email check and the insert")
                .hasSizeGreaterThanOrEqualTo(2);

        Trace loggedIn = Trace.of(zipkin.trace(login.traceId(), 2), login);
        loggedIn.assertServerSpan("post /api/v1/auth/token", 200);
        assertThat(loggedIn.databaseSpans()).as("the credentials read").isNotEmpty();

        Trace missed = Trace.of(zipkin.trace(firstRead.traceId(), 4), firstRead);
        missed.assertServerSpan("get /api/v1/users/{id}", 200);
        assertThat(missed.redisSpans())
                .extracting(span -> span.get("name").asText())
                .contains("get", "set");
        assertThat(missed.databaseSpans()).as("the user, read on a cache miss").isNotEmpty();

        Trace hit = Trace.of(zipkin.trace(cachedRead.traceId(), 2), cachedRead);
        hit.assertServerSpan("get /api/v1/users/{id}", 200);
        assertThat(hit.redisSpans())
                .extracting(span -> span.get("name").asText())
                .contains("get");

        String serverSpan = hit.server().get("id").asText();
        assertThat(Files.readAllLines(LOG))
                .as("the request's log line names its trace and span")
                .anyMatch(line -> line.contains("\"trace_id\":\"" + cachedRead.traceId() + "\"")
                        && line.contains("\"span_id\":\"" + serverSpan + "\"")
                        && line.contains("\"route\":\"/api/v1/users/{id}\""));

        String openMetrics = new Api(app.getAdminPort())
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getAdminPort() + "/prometheus"))
                        .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8"))
                .text();
        assertThat(openMetrics)
                .as("a latency bucket's exemplar points at a traced read")
                .containsPattern("http_request_duration_seconds_bucket\\{method=\"GET\",route=\"/api/v1/users/\\{id}\""
                        + ".*} \\d+ # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"("
                        + firstRead.traceId() + "|" + cachedRead.traceId() + ")\"}");
    }

    @Test
    void aRequestWithoutASampledParentFollowsTheRatioHereNone() {
        Caller unsampled = new Caller(hex(16), hex(8));
        Reply health = api.get(
                "/api/v1/users/me", "traceparent", "00-" + unsampled.traceId() + "-" + unsampled.spanId() + "-00");
        assertThat(health.status()).isEqualTo(401);
        assertThat(new Api(zipkinPort())
                        .get("/api/v2/trace/" + unsampled.traceId())
                        .status())
                .as("an unsampled caller's trace is not recorded")
                .isEqualTo(404);
    }

    static int zipkinPort() {
        return URI.create(zipkin.spansEndpoint()).getPort();
    }

    static Reply read(String id, String bearer, Caller caller) {
        return api.get("/api/v1/users/" + id, "Authorization", bearer, caller.header()[0], caller.header()[1]);
    }

    static String hex(int bytes) {
        byte[] id = new byte[bytes];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** One trace as Zipkin holds it. */
    record Trace(List<JsonNode> spans, Caller caller) {
        static Trace of(List<JsonNode> spans, Caller caller) {
            System.out.println("tracing: trace " + caller.traceId() + ": "
                    + spans.stream()
                            .map(span -> span.path("kind").asText() + " "
                                    + span.get("name").asText() + " "
                                    + span.path("duration").asLong() + "us")
                            .toList());
            return new Trace(spans, caller);
        }

        JsonNode server() {
            List<JsonNode> servers = spans.stream()
                    .filter(span -> span.path("kind").asText().equals("SERVER"))
                    .toList();
            assertThat(servers).as("one server span").hasSize(1);
            return servers.get(0);
        }

        void assertServerSpan(String name, int status) {
            JsonNode server = server();
            assertThat(server.get("name").asText()).isEqualTo(name);
            assertThat(server.get("parentId").asText()).as("the caller's span").isEqualTo(caller.spanId());
            assertThat(server.path("localEndpoint").path("serviceName").asText())
                    .isEqualTo("slipway");
            assertThat(server.path("tags").path("http.response.status_code").asText())
                    .isEqualTo(String.valueOf(status));
            assertThat(server.path("tags").path("slipway.request_id").asText()).isNotBlank();
            for (JsonNode span : spans) {
                if (!span.path("id").asText().equals(server.path("id").asText())) {
                    assertThat(span.path("kind").asText()).as(span.toString()).isEqualTo("CLIENT");
                    assertThat(ancestors(span))
                            .as("under the request's span: " + span)
                            .contains(server.get("id").asText());
                }
            }
        }

        List<JsonNode> databaseSpans() {
            return spans.stream()
                    .filter(span -> span.path("tags").toString().contains("postgresql"))
                    .toList();
        }

        List<JsonNode> redisSpans() {
            return spans.stream()
                    .filter(span ->
                            span.path("tags").path("db.system.name").asText().equals("redis"))
                    .toList();
        }

        List<String> ancestors(JsonNode span) {
            List<String> chain = new ArrayList<>();
            Optional<JsonNode> next = Optional.of(span);
            while (next.isPresent() && next.get().has("parentId")) {
                String parent = next.get().get("parentId").asText();
                chain.add(parent);
                next = spans.stream()
                        .filter(s -> s.get("id").asText().equals(parent))
                        .findFirst();
            }
            return chain;
        }
    }
}
