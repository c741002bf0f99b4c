package io.slipway.gitops.promote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.gitops.TerminalText;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Instant queries against the Prometheus HTTP API ({@code GET /api/v1/query}). The JDK's
 * {@link HttpClient} and Jackson are all it takes: Prometheus publishes no Java query client
 * (client_java is for exposing metrics), and the API is one GET returning a small JSON envelope.
 */
public final class PrometheusClient implements PrometheusQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One query's whole exchange; the gates ask at most seven, and stop at the first that fails this way. */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(20);

    private final URI base;
    private final Optional<String> bearerToken;
    private final Duration queryTimeout;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param base        an {@code http} or {@code https} URL
     * @param bearerToken sent as {@code Authorization: Bearer}; never printed
     * @throws IllegalArgumentException for any other URL
     */
    public PrometheusClient(URI base, Optional<String> bearerToken) {
        this(base, bearerToken, QUERY_TIMEOUT);
    }

    /** As {@link #PrometheusClient(URI, Optional)}, each query's whole exchange within {@code queryTimeout}. */
    PrometheusClient(URI base, Optional<String> bearerToken, Duration queryTimeout) {
        if ((!"http".equalsIgnoreCase(base.getScheme()) && !"https".equalsIgnoreCase(base.getScheme()))
                || base.getHost() == null) {
            throw new IllegalArgumentException("not an http:// or https:// URL with a host");
        }
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
        this.bearerToken = bearerToken.filter(token -> !token.isBlank());
        this.queryTimeout = queryTimeout;
    }

    @Override
    public URI base() {
        return base;
    }

    @Override
    public OptionalDouble query(String promql) throws Unavailable {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        base.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .timeout(queryTimeout)
                .GET();
        bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<String> response;
        // The whole exchange, body included, within the limit: a server that accepts and then sends
        // nothing, or a byte at a time, fails the gates instead of hanging the promotion.
        CompletableFuture<HttpResponse<String>> exchange =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        try {
            response = exchange.get(queryTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw notAnswered(e);
        } catch (ExecutionException e) {
            // The request's own timeout (headers) and this wait (body) share the limit: either may fire first.
            if (e.getCause() instanceof HttpTimeoutException
                    && !(e.getCause() instanceof HttpConnectTimeoutException)) {
                throw notAnswered(e);
            }
            throw new Unavailable("Prometheus at " + base + " cannot be reached: " + e.getCause(), e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while querying Prometheus at " + base, e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Unavailable(
                    "Prometheus at " + base + " answered HTTP " + response.statusCode()
                            + " with a body that is not its JSON API",
                    e);
        }
        if (response.statusCode() != 200
                || !"success".equals(body.path("status").asText())) {
            throw new Unavailable(
                    "Prometheus at " + base + " answered HTTP " + response.statusCode() + ": "
                            + body.path("errorType").asText("") + " "
                            + body.path("error").asText(""),
                    null);
        }
        JsonNode data = body.path("data");
        JsonNode sample = switch (data.path("resultType").asText()) {
            case "vector" ->
                data.path("result").size() == 1 ? data.path("result").get(0).path("value") : null;
            case "scalar" -> data.path("result");
            default -> null;
        };
        if (sample == null || sample.size() != 2) {
            return OptionalDouble.empty();
        }
        String text = sample.get(1).asText();
        double value;
        try {
            value = Double.parseDouble(text.replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
        } catch (NumberFormatException e) {
            throw new Unavailable(
                    "Prometheus at " + base + " answered a value that is not a number: "
                            + TerminalText.visible(text.substring(0, Math.min(40, text.length()))),
                    e);
        }
        return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private Unavailable notAnswered(Exception cause) {
        return new Unavailable(
                "Prometheus at " + base + " did not answer within " + queryTimeout.toMillis() / 1000.0 + " s", cause);
    }
}
