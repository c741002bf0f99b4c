package io.slipway.server.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.health.HealthEnvironment;
import io.dropwizard.health.HealthStateAggregator;
import io.dropwizard.health.HealthStateView;
import io.dropwizard.health.HealthStatusChecker;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kubernetes probe paths over dropwizard-health's state. Liveness reflects only the process;
 * readiness fails when a critical dependency is down or shutdown has begun, and reports
 * "degraded" when only a non-critical one (Redis) is down.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "health")
public class ProbeResource {

    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final HealthEnvironment health;

    public ProbeResource(HealthEnvironment health) {
        this.health = health;
    }

    /** One dependency as a probe reports it. */
    public record Check(@JsonProperty("healthy") boolean healthy, @JsonProperty("critical") boolean critical) {
    }

    /** Probe answer: {@code alive}, {@code ready}, {@code degraded} or {@code unavailable}, with each check. */
    public record Status(@JsonProperty("status") String status, @JsonProperty("checks") Map<String, Check> checks) {
    }

    @GET
    @Path("/live")
    @Operation(summary = "Liveness: the process can serve requests")
    public Response live() {
        boolean alive = checker().isHealthy("alive");
        return answer(alive, alive ? "alive" : "unavailable", Map.of());
    }

    @GET
    @Path("/ready")
    @Operation(summary = "Readiness: critical dependencies are up and the server is not shutting down")
    public Response ready() {
        Map<String, Check> checks = new TreeMap<>();
        for (HealthStateView view : aggregator().healthStateViews()) {
            checks.put(view.getName(), new Check(view.isHealthy(), view.isCritical()));
        }
        boolean ready = checker().isHealthy("ready");
        boolean degraded = checks.values().stream().anyMatch(c -> !c.healthy());
        return answer(ready, !ready ? "unavailable" : degraded ? "degraded" : "ready", checks);
    }

    private static Response answer(boolean ok, String status, Map<String, Check> checks) {
        return Response.status(ok ? 200 : 503).cacheControl(NO_STORE).entity(new Status(status, checks)).build();
    }

    private HealthStateAggregator aggregator() {
        return health.healthStateAggregator();
    }

    /** dropwizard-health's manager is both the aggregator and the status checker. */
    private HealthStatusChecker checker() {
        return (HealthStatusChecker) health.healthStateAggregator();
    }
}
