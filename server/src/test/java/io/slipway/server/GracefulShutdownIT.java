package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.server.support.Api;
import java.io.File;
import java.net.ServerSocket;
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

    @Test
    void sigtermDrainsInFlightRequestsAfterReadinessTurnsUnavailable() throws Exception {
        Path jar = Path.of("target", "server.jar");
        assertThat(jar).exists();
        int port = freePort();
        int adminPort = freePort();
        Path log = Files.createTempFile("slipway-shutdown", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "server")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("ADMIN_PORT", Integer.toString(adminPort));
        // Twelve registrations on a cold JVM take seconds of hashing: let them all queue, so all are in flight at SIGTERM.
        builder.environment().put("PASSWORD_HASHING_MAX_WAIT", "30s");
        Process server = builder.start();
        try {
            Api api = new Api(port);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> api.get("/health/ready").status() == 200);

            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String body = "{\"email\":\"drain" + i + "@example.com\",\"name\":\"D\",\"password\":\"a long enough password\"}";
                inFlight.add(http.sendAsync(api.request("/api/v1/users").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(50);
            server.destroy(); // SIGTERM

            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> api.get("/health/ready").status() == 503);
            assertThat(api.get("/health/live").status()).isEqualTo(200);
            for (CompletableFuture<HttpResponse<String>> request : inFlight) {
                HttpResponse<String> response = request.get(20, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            }
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        } finally {
            server.destroyForcibly();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
