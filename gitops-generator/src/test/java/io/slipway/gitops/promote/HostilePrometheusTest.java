package io.slipway.gitops.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.gitops.values.EnvironmentValues;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Prometheus that is broken or hostile, played by a raw socket server: silence, a byte at a time,
 * a value that is no number, an infinite value. Each fails the gates with its reason, in bounded
 * time; none passes, none is an internal error.
 */
class HostilePrometheusTest {

    static final Duration LIMIT = Duration.ofMillis(800);
    static final EnvironmentValues.PromotionGates THRESHOLDS =
            new EnvironmentValues.PromotionGates("15m", 100, 0.05, 1, 3);

    final ExecutorService threads = Executors.newCachedThreadPool();
    final List<ServerSocket> servers = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (ServerSocket server : servers) {
            server.close();
        }
        threads.shutdownNow();
    }

    /** A server that hands every accepted connection to {@code conversation}. */
    URI serving(Consumer<Socket> conversation) throws IOException {
        ServerSocket server = new ServerSocket(0);
        servers.add(server);
        threads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    threads.execute(() -> conversation.accept(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    static Consumer<Socket> answering(String json) {
        return socket -> {
            try (socket) {
                socket.getInputStream().read(new byte[8192]);
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                socket.getOutputStream()
                        .write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                                        + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(body);
            } catch (IOException e) {
                // the client gave up: what the test is about
            }
        };
    }

    static String vector(String value) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\""
                + value + "\"]}]}}";
    }

    PrometheusClient client(URI url) {
        return new PrometheusClient(url, Optional.of("token"), LIMIT);
    }

    @Test
    void aServerThatSaysNothingOrDripsFailsWithinTheLimit() throws IOException {
        URI silent = serving(socket -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        URI drip = serving(socket -> {
            try (socket) {
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 1000; i++) {
                    out.write('{');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up
            }
        });
        for (URI url : List.of(silent, drip)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> client(url).query("up"))
                    .isInstanceOf(PrometheusQueries.Unavailable.class)
                    .hasMessage("Prometheus at " + url + " did not answer within 0.8 s");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aValueThatIsNoNumberIsUnavailableAndAnInfiniteOneFailsItsGate() throws IOException {
        URI text = serving(answering(vector("\\u001b[2Jlots")));
        assertThatThrownBy(() -> client(text).query("up"))
                .isInstanceOf(PrometheusQueries.Unavailable.class)
                .hasMessage("Prometheus at " + text + " answered a value that is not a number: \\x1b[2Jlots");

        URI infinite = serving(answering(vector("+Inf")));
        Verdict verdict = new PromotionGates("slipway-staging", "sha256:" + "a".repeat(64), 2, THRESHOLDS)
                .evaluate(client(infinite));
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.failures())
                .contains("promotion gate failed: pods on sha256:aaaaaaaaaaaa measured +Inf, needs >= 2 (not a finite"
                        + " number)");
    }

    @Test
    void anErrorALoginPageTruncatedJsonOrARedirectIsUnavailableNeverAValue() throws IOException {
        Map<String, String> broken = Map.of(
                "an error",
                response(
                        500,
                        "application/json",
                        "{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"boom\"}"),
                "a login page",
                response(200, "text/html", "<html><body><form>Sign in</form></body></html>"),
                "truncated JSON",
                response(200, "application/json", "{\"status\":\"success\",\"data\":{\"resultType\":\"vec"),
                "a redirect",
                response(302, "text/html", ""));
        for (Map.Entry<String, String> answer : broken.entrySet()) {
            URI url = serving(raw(answer.getValue()));
            assertThatThrownBy(() -> client(url).query("up"))
                    .as(answer.getKey())
                    .isInstanceOf(PrometheusQueries.Unavailable.class)
                    .hasMessageStartingWith("Prometheus at " + url + " answered HTTP ");
        }
    }

    static String response(int status, String type, String body) {
        return "HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    static Consumer<Socket> raw(String response) {
        return socket -> {
            try (socket) {
                socket.getInputStream().read(new byte[8192]);
                socket.getOutputStream().write(response.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the client gave up
            }
        };
    }

    @Test
    void onlyAnHttpUrlWithAHostIsAPrometheus() {
        for (String url : List.of("file:///etc/passwd", "ftp://host/", "http:///nohost")) {
            assertThatThrownBy(() -> new PrometheusClient(URI.create(url), Optional.empty()))
                    .as(url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not an http:// or https:// URL with a host");
        }
    }
}
