package io.slipway.server.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.health.HealthStateAggregator;
import io.dropwizard.health.HealthStateView;
import io.dropwizard.health.HealthStatusChecker;
import io.dropwizard.health.response.HealthResponse;
import io.dropwizard.health.response.HealthResponseProvider;
import io.dropwizard.health.response.HealthResponseProviderFactory;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * dropwizard-health's answer to a probe, in Slipway's shape: {@code alive}, {@code ready},
 * {@code degraded} (only a non-critical dependency, Redis, is down) or {@code unavailable}, with
 * each dependency. Liveness reflects only the process; readiness fails when a critical dependency
 * is down or shutdown has begun. Configured as {@code health.responseProvider.type: probes}.
 */
@JsonTypeName("probes")
public final class ProbeStatus implements HealthResponseProviderFactory {

    static final String TYPE = "type";
    static final String ALIVE = "alive";
    static final String READY = "ready";
    private static final String JSON = "application/json";

    /** One dependency as a probe reports it. */
    public record Check(
            @JsonProperty("healthy") boolean healthy,
            @JsonProperty("critical") boolean critical) {}

    /** Probe answer: {@code alive}, {@code ready}, {@code degraded} or {@code unavailable}, with each check. */
    public record Status(
            @JsonProperty("status") String status,
            @JsonProperty("checks") Map<String, Check> checks) {}

    @Override
    public HealthResponseProvider build(HealthStatusChecker checker, HealthStateAggregator states, ObjectMapper json) {
        String alive = write(json, new Status(ALIVE, Map.of()));
        String down = write(json, new Status("unavailable", Map.of()));
        return query -> {
            Collection<String> type = query.getOrDefault(TYPE, List.of(READY));
            if (type.contains(ALIVE)) {
                boolean live = checker.isHealthy(ALIVE);
                return new HealthResponse(live, live ? alive : down, JSON, live ? 200 : 503);
            }
            Map<String, Check> checks = new TreeMap<>();
            for (HealthStateView view : states.healthStateViews()) {
                checks.put(view.getName(), new Check(view.isHealthy(), view.isCritical()));
            }
            boolean ready = checker.isHealthy(READY);
            boolean degraded = checks.values().stream().anyMatch(check -> !check.healthy());
            return new HealthResponse(
                    ready,
                    write(json, new Status(!ready ? "unavailable" : degraded ? "degraded" : READY, checks)),
                    JSON,
                    ready ? 200 : 503);
        };
    }

    private static String write(ObjectMapper json, Status status) {
        try {
            return json.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
