package io.slipway.gitops.promote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.gitops.TerminalText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Posts alerts to Alertmanager's API ({@code POST /api/v2/alerts}), as Prometheus and other tools do:
 * an alert lasts until its end, and the same labels posted again with an end of now resolve it.
 * Alertmanager then routes it like any other (the environment's AlertmanagerConfig: by namespace
 * and severity).
 */
public final class AlertmanagerClient {

    /** Alertmanager could not take the alert. */
    public static final class Unavailable extends Exception {

        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @throws IllegalArgumentException for a URL that is not http(s) with a host */
    public AlertmanagerClient(URI base) {
        if ((!"http".equalsIgnoreCase(base.getScheme()) && !"https".equalsIgnoreCase(base.getScheme()))
                || base.getHost() == null) {
            throw new IllegalArgumentException("not an http:// or https:// URL with a host");
        }
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
    }

    public URI base() {
        return base;
    }

    /** One alert, firing from {@code startsAt} until {@code endsAt} (an end of now resolves it). */
    public void post(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt)
            throws Unavailable {
        ArrayNode alerts = JSON.createArrayNode();
        ObjectNode alert = alerts.addObject();
        labels.forEach(alert.putObject("labels")::put);
        annotations.forEach(alert.putObject("annotations")::put);
        alert.put("startsAt", startsAt.toString());
        alert.put("endsAt", endsAt.toString());
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/v2/alerts"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alerts.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                String body = response.body();
                throw new Unavailable(
                        "Alertmanager at " + base + " answered HTTP " + response.statusCode() + ": "
                                + TerminalText.visible(body.substring(0, Math.min(200, body.length()))),
                        null);
            }
        } catch (IOException e) {
            throw new Unavailable("Alertmanager at " + base + " cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while posting to Alertmanager at " + base, e);
        }
    }
}
