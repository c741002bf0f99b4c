package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis dying costs latency, never a request; PostgreSQL dying costs what needs it (JSON 503s) but
 * not readiness, which only a pod that never reached its database lacks ({@link NeverReachedDatabaseTest}).
 */
@RealParts
@ExtendWith(DropwizardExtensionsSupport.class)
class DependencyFailureTest {

    static final String PASSWORD = "correct horse battery";
    static final PostgresServer POSTGRES = PostgresServer.start();
    static final RedisProcess REDIS = RedisProcess.start();
    static final Path LOG = TestApp.logFile(DependencyFailureTest.class);
    static final DropwizardAppExtension<SlipwayConfiguration> APP = TestApp.with(POSTGRES::jdbcUrl, REDIS::url, LOG);

    @AfterAll
    static void stop() {
        POSTGRES.close();
    }

    static Api api() {
        return new Api(APP.getLocalPort());
    }

    static Reply ready() {
        return api().get("/health/ready");
    }

    @Test
    void redisStoppedMidTestDegradesButEveryReadSucceeds() throws IOException {
        await().atMost(Duration.ofSeconds(20)).until(() -> ready().status() == 200);
        Reply created =
                api().post("/api/v1/users", Map.of("email", "cache@example.com", "name", "C", "password", PASSWORD));
        String id = created.json().get("id").asText();
        String token = api().post("/api/v1/auth/token", Map.of("email", "cache@example.com", "password", PASSWORD))
                .json()
                .get("access_token")
                .asText();
        assertThat(api().get("/api/v1/users/" + id, "Authorization", "Bearer " + token)
                        .status())
                .isEqualTo(200);

        long logLinesBefore = Files.readAllLines(LOG).size();
        REDIS.stop();
        for (int i = 0; i < 20; i++) {
            Reply read = api().get("/api/v1/users/" + id, "Authorization", "Bearer " + token);
            assertThat(read.status()).as(read.text()).isEqualTo(200);
        }
        assertThat(api().patch(
                                "/api/v1/users/" + id,
                                Map.of("name", "Still writable"),
                                "Authorization",
                                "Bearer " + token,
                                "If-Match",
                                "*")
                        .status())
                .isEqualTo(200);
        String metrics = new Api(APP.getAdminPort()).get("/prometheus").text();
        assertThat(errors(metrics, "get")).isGreaterThanOrEqualTo(20);
        assertThat(errors(metrics, "evict")).isGreaterThanOrEqualTo(1);
        // Every failure is counted, but the outage is logged once, not once per request.
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(LOG).contains("redis unreachable"));
        assertThat(Files.readAllLines(LOG).stream().skip(logLinesBefore).filter(l -> l.contains("redis unreachable")))
                .singleElement()
                .asString()
                .contains("user reads fall through to the database")
                .doesNotContain("\"exception\"");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Reply degraded = ready();
            assertThat(degraded.status()).isEqualTo(200);
            assertThat(degraded.json().get("status").asText()).isEqualTo("degraded");
            assertThat(degraded.json().at("/checks/redis/healthy").asBoolean()).isFalse();
            assertThat(degraded.json().at("/checks/redis/critical").asBoolean()).isFalse();
        });
    }

    @Test
    void postgresDownLeavesThePodReadyAndDegradedUntilItIsBack() {
        await().atMost(Duration.ofSeconds(20)).until(() -> ready().status() == 200);
        // A user never read since registration: no cache (Redis up or not) can answer a read of it.
        assertThat(api().post(
                                "/api/v1/users",
                                Map.of("email", "uncached@example.com", "name", "U", "password", PASSWORD))
                        .status())
                .isEqualTo(201);
        String token = api().post("/api/v1/auth/token", Map.of("email", "uncached@example.com", "password", PASSWORD))
                .json()
                .get("access_token")
                .asText();
        POSTGRES.stop();
        // Every replica has lost the same database: staying in the Service, each answers JSON 503s and cached reads.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Reply degraded = ready();
            assertThat(degraded.status()).isEqualTo(200);
            assertThat(degraded.json().get("status").asText()).isEqualTo("degraded");
            assertThat(degraded.json().at("/checks/database/healthy").asBoolean())
                    .isFalse();
            assertThat(degraded.json().at("/checks/database/critical").asBoolean())
                    .isFalse();
            assertThat(degraded.json().at("/checks/database-reached/healthy").asBoolean())
                    .isTrue();
        });
        assertThat(api().get("/health/live").status()).isEqualTo(200);
        assertThat(api().get("/health-check?type=alive").status()).isEqualTo(200);
        assertThat(api().get("/health-check?type=ready").status()).isEqualTo(200);

        Reply failing =
                api().post("/api/v1/users", Map.of("email", "down@example.com", "name", "D", "password", PASSWORD));
        assertThat(failing.status()).isEqualTo(503);
        assertThat(failing.header("Retry-After")).isEqualTo("1");
        assertThat(failing.json().get("error").asText()).isEqualTo("unavailable");
        assertThat(failing.text()).doesNotContain("SQL", "postgres", "Exception", "Connection");
        // A read the cache cannot answer needs the database: the same 503, from the endpoint in front of Jersey.
        Reply unreadable = api().get("/api/v1/users/me", "Authorization", "Bearer " + token);
        assertThat(unreadable.status()).as(unreadable.text()).isEqualTo(503);
        assertThat(unreadable.header("Retry-After")).isEqualTo("1");
        assertThat(unreadable.json().get("error").asText()).isEqualTo("unavailable");
        assertThat(unreadable.text()).doesNotContain("SQL", "postgres", "Exception", "Connection");

        POSTGRES.restart();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ready().json().at("/checks/database/healthy").asBoolean());
        assertThat(api().post("/api/v1/auth/token", Map.of("email", "uncached@example.com", "password", PASSWORD))
                        .status())
                .isEqualTo(200);
    }

    static double errors(String metrics, String operation) {
        String series =
                "slipway_cache_operations_total{cache=\"users\",operation=\"" + operation + "\",result=\"error\"} ";
        return metrics.lines()
                .filter(l -> l.startsWith(series))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length())))
                .findFirst()
                .orElse(0);
    }
}
