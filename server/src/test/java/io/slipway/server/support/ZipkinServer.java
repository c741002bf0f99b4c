package io.slipway.server.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Zipkin's own server ({@code target/zipkin/zipkin-server.jar}, copied from Maven Central by the
 * build), in-memory storage, on a free port: the trace backend the tracing test sends to and queries.
 */
public final class ZipkinServer implements AutoCloseable {

    static final Path JAR = Path.of("target", "zipkin", "zipkin-server.jar");

    private final Process process;
    private final Path log;
    private final int port;

    private ZipkinServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static ZipkinServer start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("zipkin", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("QUERY_PORT", String.valueOf(port));
        builder.environment().put("STORAGE_TYPE", "mem");
        ZipkinServer zipkin = new ZipkinServer(builder.start(), log, port);
        Api api = new Api(port);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .alias("zipkin ready; its log: " + log)
                .until(() -> api.get("/health").status() == 200);
        return zipkin;
    }

    /** Where the server sends spans. */
    public String spansEndpoint() {
        return "http://127.0.0.1:" + port + "/api/v2/spans";
    }

    /** The spans Zipkin holds of {@code traceId}, once it holds at least {@code atLeast} of them and the server span. */
    public List<JsonNode> trace(String traceId, int atLeast) {
        Api api = new Api(port);
        ObjectMapper json = new ObjectMapper();
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            Api.Reply reply = api.get("/api/v2/trace/" + traceId);
                            if (reply.status() != 200) {
                                return List.<JsonNode>of();
                            }
                            List<JsonNode> spans = new ArrayList<>();
                            json.readTree(reply.text()).forEach(spans::add);
                            return spans;
                        },
                        // The server span ends last and may come in a later export than its children.
                        spans -> spans.size() >= atLeast
                                && spans.stream()
                                        .anyMatch(span ->
                                                span.path("kind").asText().equals("SERVER")));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
