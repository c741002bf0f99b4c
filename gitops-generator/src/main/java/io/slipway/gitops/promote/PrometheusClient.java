package io.slipway.gitops.promote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Instant queries against the Prometheus HTTP API ({@code GET /api/v1/query}). The JDK's
 * {@link HttpClient} and Jackson are all it takes: Prometheus publishes no Java query client
 * (client_java is for exposing metrics), and the API is one GET returning a small JSON envelope.
 */
public final class PrometheusClient {

    /** Prometheus could not answer: unreachable, refused, or an error status; never a pass. */
    public static final class Unavailable extends Exception {

        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Optional<String> bearerToken;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param bearerToken sent as {@code Authorization: Bearer}; never printed */
    public PrometheusClient(URI base, Optional<String> bearerToken) {
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
        this.bearerToken = bearerToken.filter(token -> !token.isBlank());
    }

    public URI base() {
        return base;
    }

    /**
     * The value of a query that yields one number (a one-sample vector or a scalar); empty when
     * it yields no sample or NaN (no data).
     */
    public OptionalDouble query(String promql) throws Unavailable {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        base.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(15))
                .GET();
        bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("Prometheus at " + base + " cannot be reached: " + e, e);
        } catch (InterruptedException e) {
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
        double value = Double.parseDouble(
                sample.get(1).asText().replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
        return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
