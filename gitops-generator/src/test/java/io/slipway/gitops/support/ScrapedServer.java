package io.slipway.gitops.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.promote.PrometheusClient;
import io.slipway.gitops.promote.PrometheusQueries;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;

/**
 * The packaged server running as a release would (its image and revision in its environment), the
 * Debian package's Prometheus scraping it, and the small HTTP and waiting helpers the tests that
 * measure it share.
 */
public final class ScrapedServer {

    private ScrapedServer() {}

    public static final Path SERVER_JAR =
            Path.of("..", "server", "target", "server.jar").toAbsolutePath().normalize();

    public static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    public static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * The embedded default (in-memory database, no Redis), reporting {@code digest} as the image it
     * was deployed with, once it serves its metrics.
     */
    public static Process serverProcess(Path folder, int serverPort, int adminPort, String digest) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(javaHome(), "-jar", SERVER_JAR.toString(), "server")
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("server.log").toFile());
        builder.environment()
                .putAll(Map.of(
                        "PORT",
                        Integer.toString(serverPort),
                        "ADMIN_PORT",
                        Integer.toString(adminPort),
                        "SLIPWAY_IMAGE",
                        GeneratorRuns.REPOSITORY + "@" + digest,
                        "SLIPWAY_REVISION",
                        "c0ffeeaaaaaa",
                        // No hashing budget: the registration flood below is shed with 503s for certain,
                        // whatever this machine's hash time (with the 5 s budget most of it is served).
                        "PASSWORD_HASHING_MAX_WAIT",
                        "0s",
                        // The floods come from one address, and must reach the hasher, not the rate limit.
                        "RATE_LIMIT_PER_ADDRESS",
                        "10000000"));
        Process process = builder.start();
        await(() -> get("http://127.0.0.1:" + adminPort + "/prometheus") == 200, "server ready");
        return process;
    }

    /**
     * The Debian package's Prometheus on {@code port}, scraping {@code targets} (quoted
     * {@code host:port}, comma-separated) every second as {@code namespace}, once it is ready.
     */
    public static Process prometheus(Path folder, int port, String namespace, String targets) throws IOException {
        Files.writeString(folder.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: slipway
                    metrics_path: /prometheus
                    static_configs:
                      - targets: [%s]
                        labels: {namespace: %s}
                """.formatted(targets, namespace));
        Process process = new ProcessBuilder(
                        PROMETHEUS.toString(),
                        "--config.file=" + folder.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + folder.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("prometheus.log").toFile())
                .start();
        await(() -> get("http://127.0.0.1:" + port + "/-/ready") == 200, "prometheus ready");
        return process;
    }

    public static double value(PrometheusClient client, String query) {
        try {
            OptionalDouble value = client.query(query);
            return value.orElse(0);
        } catch (PrometheusQueries.Unavailable e) {
            return 0;
        }
    }

    public static int get(String url) {
        return status(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)));
    }

    public static int post(String url, String json) {
        return status(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** The response's status, or -1 when there is none (not listening yet, or stopped). */
    public static int status(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s for " + what).isLessThan(deadline);
            pause(250);
        }
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static String javaHome() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
