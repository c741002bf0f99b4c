package io.slipway.server.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.health.HealthEnvironment;
import io.dropwizard.health.HealthStateView;
import io.dropwizard.health.HealthStatusChecker;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kubernetes probe paths over dropwizard-health's state, as a plain servlet: probes are the most
 * frequent requests a pod gets and need none of Jersey's machinery. Liveness reflects only the
 * process; readiness fails when a critical dependency is down or shutdown has begun, and reports
 * "degraded" when only a non-critical one (Redis) is down.
 */
public final class ProbeServlet extends HttpServlet {

    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    private static final long serialVersionUID = 1L;

    private final transient HealthEnvironment health;
    private final transient ObjectMapper json;
    private final byte[] alive;

    public ProbeServlet(HealthEnvironment health, ObjectMapper json) throws IOException {
        this.health = health;
        this.json = json;
        this.alive = json.writeValueAsBytes(new Status("alive", Map.of()));
    }

    /** One dependency as a probe reports it. */
    public record Check(@JsonProperty("healthy") boolean healthy, @JsonProperty("critical") boolean critical) {
    }

    /** Probe answer: {@code alive}, {@code ready}, {@code degraded} or {@code unavailable}, with each check. */
    public record Status(@JsonProperty("status") String status, @JsonProperty("checks") Map<String, Check> checks) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // dropwizard-health's manager is both the aggregator and the status checker
        HealthStatusChecker checker = (HealthStatusChecker) health.healthStateAggregator();
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        if (LIVE.equals(request.getServletPath())) {
            boolean live = checker.isHealthy("alive");
            response.setStatus(live ? 200 : 503);
            response.getOutputStream().write(live ? alive : json.writeValueAsBytes(new Status("unavailable", Map.of())));
            return;
        }
        Map<String, Check> checks = new TreeMap<>();
        for (HealthStateView view : health.healthStateAggregator().healthStateViews()) {
            checks.put(view.getName(), new Check(view.isHealthy(), view.isCritical()));
        }
        boolean ready = checker.isHealthy("ready");
        boolean degraded = checks.values().stream().anyMatch(c -> !c.healthy());
        response.setStatus(ready ? 200 : 503);
        json.writeValue(response.getOutputStream(),
                new Status(!ready ? "unavailable" : degraded ? "degraded" : "ready", checks));
    }
}
