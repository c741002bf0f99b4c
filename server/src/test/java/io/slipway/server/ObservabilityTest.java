package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.slipway.server.support.Api;
import io.slipway.server.support.Api.Reply;
import io.slipway.server.support.PostgresServer;
import io.slipway.server.support.RealParts;
import io.slipway.server.support.RedisProcess;
import io.slipway.server.support.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Prometheus scrape and the JSON log, as a collector would read them. */
@RealParts
@ExtendWith(DropwizardExtensionsSupport.class)
class ObservabilityTest {

    static final String PASSWORD = "a secret password 123";
    static final Path LOG = TestApp.logFile(ObservabilityTest.class);
    static final PostgresServer.Database POSTGRES = PostgresServer.sharedDatabase("observability");
    static final RedisProcess REDIS = RedisProcess.start();
    static final String IMAGE = "registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:" + "c".repeat(64);
    static final DropwizardAppExtension<SlipwayConfiguration> APP = TestApp.with(
            POSTGRES::jdbcUrl,
            REDIS::url,
            LOG,
            ConfigOverride.config("release.image", IMAGE),
            ConfigOverride.config("release.revision", "c0ffee1234"));

    static final Pattern SAMPLE = Pattern.compile(
            "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? (-?[0-9.eE+-]+|[+-]Inf|NaN)$");

    @AfterAll
    static void stop() {
        REDIS.stop();
    }

    record Session(String id, String token) {}

    static Session traffic() {
        Api api = new Api(APP.getLocalPort());
        String email = "obs-" + System.nanoTime() + "@example.com";
        String id = api.post("/api/v1/users", Map.of("email", email, "name", "O", "password", PASSWORD))
                .json()
                .get("id")
                .asText();
        String token = api.post("/api/v1/auth/token", Map.of("email", email, "password", PASSWORD))
                .json()
                .get("access_token")
                .asText();
        api.get("/api/v1/users/" + id, "Authorization", "Bearer " + token, "X-Request-ID", "observability-test-1");
        api.get("/api/v1/users/" + id, "Authorization", "Bearer " + token);
        api.get("/definitely/not/here/" + System.nanoTime());
        return new Session(id, token);
    }

    @Test
    void scrapeParsesAndCarriesTheSeriesDashboardsQuery() {
        Session session = traffic();
        Reply scrape = new Api(APP.getAdminPort()).get("/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        Set<String> families = new HashSet<>();
        for (String line : scrape.text().lines().toList()) {
            if (line.startsWith("# TYPE ")) {
                assertThat(families.add(line.split(" ")[2]))
                        .as("declared twice: " + line)
                        .isTrue();
            } else if (!line.startsWith("#") && !line.isBlank()) {
                assertThat(line).matches(SAMPLE);
            }
        }
        String text = scrape.text();
        assertThat(text)
                .contains(
                        "http_requests_total{method=\"GET\",route=\"/api/v1/users/{id}\",status=\"200\"}",
                        "http_requests_total{method=\"POST\",route=\"/api/v1/users\",status=\"201\"}",
                        "http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}",
                        "http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/users/{id}\",le=\"0.005\"}",
                        "slipway_cache_operations_total{cache=\"users\",operation=\"get\",result=\"hit\"}",
                        "slipway_cache_operations_total{cache=\"users\",operation=\"get\",result=\"miss\"}",
                        "jvm_memory_used_bytes",
                        "io_dropwizard_db_ManagedPooledDataSource_database_active",
                        "io_dropwizard_db_ManagedPooledDataSource_database_size",
                        "io_dropwizard_jetty_MutableServletContextHandler_requests",
                        "slipway_build_info{image=\"" + IMAGE + "\",revision=\"c0ffee1234\",version=\"unknown\"} 1");
        assertThat(text).doesNotContain(session.id(), "definitely/not/here");
    }

    @Test
    void everyLogLineIsJsonWithRequestFieldsAndNoSecrets() throws IOException {
        Session session = traffic();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(LOG).contains("observability-test-1"));
        List<String> lines = Files.readAllLines(LOG);
        ObjectMapper json = new ObjectMapper();
        boolean sawRequestLine = false;
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            assertThat(entry.has("timestamp") && entry.has("level") && entry.has("logger") && entry.has("message"))
                    .as(line)
                    .isTrue();
            if ("observability-test-1".equals(entry.path("request_id").asText())
                    && "io.slipway.server.http".equals(entry.get("logger").asText())) {
                sawRequestLine = true;
                assertThat(entry.get("method").asText()).isEqualTo("GET");
                assertThat(entry.get("route").asText()).isEqualTo("/api/v1/users/{id}");
                assertThat(entry.get("status").asText()).isEqualTo("200");
                assertThat(Double.parseDouble(entry.get("duration_ms").asText()))
                        .isPositive();
            }
        }
        assertThat(sawRequestLine).isTrue();
        String all = String.join("\n", lines);
        assertThat(all).doesNotContain(PASSWORD, session.token(), "Bearer ", "argon2");
        assertThat(all).as("tracing is off unless configured").doesNotContain("trace_id");
    }
}
