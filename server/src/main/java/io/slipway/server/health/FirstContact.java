package io.slipway.server.health;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Healthy once another check has passed once since start, and from then on. Readiness depends on
 * this one, not on the database check itself, for a reason an SRE would give:
 *
 * <ul>
 *   <li>A pod that has never reached its database (a wrong {@code DATABASE_URL}, a missing
 *       NetworkPolicy or secret) must not become ready: the rollout then stops with the old pods
 *       still serving, instead of replacing them with pods that can answer nothing.
 *   <li>Once running, every replica shares the one database. Failing readiness when it goes away
 *       takes every pod out of the Service at once: the ingress answers its own 503 page (no JSON,
 *       no {@code Retry-After}, no request id), the reads the cache can answer are lost too, and
 *       recovery waits for probe periods after the database is back. Staying ready, each pod
 *       answers what needs the database with a JSON 503 and {@code Retry-After}, serves cached
 *       reads, and recovers as soon as its pool reconnects.
 * </ul>
 *
 * The database check still runs on its schedule: {@code /health/ready} reports it
 * ({@code "status":"degraded"}, {@code checks.database.healthy: false}) and the outage is logged
 * ({@link DependencyOutages}) and alerted on.
 */
public final class FirstContact extends HealthCheck {

    private final HealthCheckRegistry registry;
    private final String check;
    private final AtomicBoolean reached = new AtomicBoolean();

    public FirstContact(HealthCheckRegistry registry, String check) {
        this.registry = registry;
        this.check = check;
    }

    @Override
    protected Result check() {
        if (reached.get()) {
            return Result.healthy(check + " reached since start");
        }
        Result result = registry.runHealthCheck(check);
        if (result.isHealthy()) {
            reached.set(true);
        }
        return result;
    }
}
