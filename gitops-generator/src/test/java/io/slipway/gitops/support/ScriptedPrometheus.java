package io.slipway.gitops.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A Prometheus HTTP API played by a script: each instant query is answered as the current script
 * says (a value, an error, a page that is not the API, or silence until {@link #close}). What the
 * real Prometheus cannot be made to do on demand — lie, break, or show a sync happen — in tests.
 */
public final class ScriptedPrometheus implements AutoCloseable {

    /** A Prometheus answer: status, content type, body. */
    public record Answer(int status, String contentType, String body) {}

    private final HttpServer server;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Function<String, Answer> script = ScriptedPrometheus::healthy;

    private ScriptedPrometheus(HttpServer server) {
        this.server = server;
    }

    public static ScriptedPrometheus start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            ScriptedPrometheus prometheus = new ScriptedPrometheus(server);
            server.createContext("/", prometheus::answer);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, each query (PromQL text) is answered by {@code answers}. */
    public void script(Function<String, Answer> answers) {
        script = answers;
    }

    /**
     * What a healthy environment running the release says: two ready pods on it, none on other
     * builds, traffic without errors, low latency, no restarts.
     */
    public static Answer healthy(String query) {
        if (query.contains("image!~")) {
            return vector("0");
        }
        if (query.startsWith("count(slipway_build_info") || query.startsWith("min_over_time(")) {
            return vector("2");
        }
        if (query.startsWith("count_over_time(")) {
            return vector("1");
        }
        if (query.startsWith("(sum(increase(")) {
            return vector("1000");
        }
        if (query.startsWith("histogram_quantile")) {
            return vector("0.02");
        }
        return vector("0"); // the 5xx ratio, the restarts
    }

    /** A one-sample vector of {@code value}, as the API writes it. */
    public static Answer vector(String value) {
        return new Answer(
                200,
                "application/json",
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":"
                        + "[1765000000,\"" + value + "\"]}]}}");
    }

    /** Holds the query unanswered until this server closes. */
    public Answer silence(String query) {
        try {
            closing.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return healthy(query);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String raw = exchange.getRequestURI().getRawQuery();
            String query =
                    URLDecoder.decode(raw.substring(raw.indexOf("query=") + "query=".length()), StandardCharsets.UTF_8);
            Answer answer = script.apply(query);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            if (answer.status() == 302) {
                exchange.getResponseHeaders().add("Location", "/login?next=/api/v1/query");
            }
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
