package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.server.support.Api;
import io.slipway.server.support.BoundPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, as a container runs it: on SIGTERM readiness turns 503 while the listener still
 * serves, and every request accepted before the signal completes.
 */
class GracefulShutdownIT {

    static final int IN_FLIGHT = 12;

    @Test
    void sigtermDrainsInFlightRequestsAfterReadinessTurnsUnavailable() throws Exception {
        Path jar = Path.of("target", "server.jar");
        assertThat(jar).exists();
        Path log = Files.createTempFile("slipway-shutdown", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "server")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PORT", "0");
        builder.environment().put("ADMIN_PORT", "0");
        // Twelve registrations on a cold JVM take seconds of hashing: let them all queue, so all are in flight at
        // SIGTERM.
        builder.environment().put("PASSWORD_HASHING_MAX_WAIT", "30s");
        // Long enough that a slow machine sees readiness off while the listener still serves.
        builder.environment().put("SHUTDOWN_WAIT_PERIOD", "10s");
        Process server = builder.start();
        try {
            BoundPorts ports = BoundPorts.await(server, log, Duration.ofSeconds(60));
            Api api = new Api(ports.application());
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> api.get("/health/ready").status() == 200);

            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                String body = "{\"email\":\"drain" + i
                        + "@example.com\",\"name\":\"D\",\"password\":\"a long enough password\"}";
                inFlight.add(http.sendAsync(
                        api.request("/api/v1/users")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            // SIGTERM once the server holds them all (Jetty's active-requests), not after a guessed sleep.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> activeRequests(http, ports.admin()) >= IN_FLIGHT
                            || inFlight.stream().anyMatch(CompletableFuture::isDone));
            long active = activeRequests(http, ports.admin());
            server.destroy(); // SIGTERM
            assertThat(active).as("requests in flight at SIGTERM").isPositive();

            await().atMost(Duration.ofSeconds(8))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> api.get("/health/ready").status() == 503);
            assertThat(api.get("/health/live").status()).isEqualTo(200);
            for (CompletableFuture<HttpResponse<String>> request : inFlight) {
                HttpResponse<String> response = request.get(30, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            }
            assertThat(server.waitFor(40, TimeUnit.SECONDS))
                    .as(Files.readString(log))
                    .isTrue();
        } finally {
            server.destroyForcibly();
        }
    }

    /** Requests the application context is serving right now, from the admin port's metrics. */
    static long activeRequests(HttpClient http, int adminPort) throws Exception {
        HttpResponse<String> metrics = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper()
                .readTree(metrics.body())
                .path("counters")
                .path("io.dropwizard.jetty.MutableServletContextHandler.active-requests")
                .path("count")
                .asLong();
    }
}
