package io.slipway.server.health;

import com.codahale.metrics.health.HealthCheckRegistry;
import io.dropwizard.health.HealthStateListener;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One log line when a dependency becomes unreachable and one when it is back, saying how long it
 * was out and how many requests met the failure, instead of a line (or a trace) per request: an
 * outage under load would otherwise log at request rate.
 *
 * <p>Requests report what they meet ({@link #failed}); the scheduled health checks report failures
 * too (this is a {@link HealthStateListener}), so an outage no request met is logged as well. The
 * end is found by running the dependency's health check every {@link #PROBE_INTERVAL} while the
 * outage lasts: dropwizard-health reports successes only to a check it already holds unhealthy, and
 * a short outage that only requests met never becomes one. A check that fails while the server is
 * still starting (its pool not yet up) is looked at again once it serves ({@link #serving}).
 */
public final class DependencyOutages implements HealthStateListener {

    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(DependencyOutages.class);

    /**
     * A dependency whose outages are logged: at which level, and what its absence means for the
     * clients ({@code whileOut}) and for the requests counted ({@code counted}). Its name is its health check's.
     */
    public record Dependency(String name, Level level, String whileOut, String counted) {}

    public static final Dependency DATABASE = new Dependency(
            "database", Level.ERROR, "requests that need it are answered 503 until it is back", "answered 503");
    public static final Dependency REDIS = new Dependency(
            "redis", Level.WARN, "user reads fall through to the database until it is back", "fell through");

    private record Outage(long startedNanos, AtomicLong requests) {}

    private final Map<String, Dependency> watched = Map.of(DATABASE.name(), DATABASE, REDIS.name(), REDIS);
    private final HealthCheckRegistry checks;
    private final ScheduledExecutorService probes;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Outage> open = new ConcurrentHashMap<>();
    /** Checks that failed before the server was serving: a pool still starting is not an outage. */
    private final Set<String> failedBeforeServing = ConcurrentHashMap.newKeySet();

    private volatile boolean serving;

    /** {@code checks} holds a check named as each dependency; {@code probes} runs them while an outage lasts. */
    public DependencyOutages(HealthCheckRegistry checks, ScheduledExecutorService probes, LongSupplier nanoTime) {
        this.checks = checks;
        this.probes = probes;
        this.nanoTime = nanoTime;
    }

    /** A request could not use {@code dependency}; {@code reason} is logged only if this begins an outage. */
    public void failed(Dependency dependency, String reason) {
        open.computeIfAbsent(dependency.name(), name -> begin(dependency, reason))
                .requests()
                .incrementAndGet();
    }

    /**
     * The server is serving: from now on a failed check is an outage. One that failed while it was
     * starting is checked again now and logged only if it still fails (a pod that cannot reach its
     * database says so once, with the reason).
     */
    public void serving() {
        serving = true;
        for (String name : List.copyOf(failedBeforeServing)) {
            failedBeforeServing.remove(name);
            probes.execute(() -> {
                if (!checks.runHealthCheck(name).isHealthy()) {
                    onUnhealthyCheck(name);
                }
            });
        }
    }

    @Override
    public void onUnhealthyCheck(String healthCheckName) {
        Dependency dependency = watched.get(healthCheckName);
        if (dependency != null && !serving) {
            failedBeforeServing.add(healthCheckName);
            return;
        }
        if (dependency != null && !open.containsKey(healthCheckName)) {
            // The listener hears only the name; running the check once more, outside the map's lock, gives the reason.
            String reason =
                    String.valueOf(checks.runHealthCheck(healthCheckName).getMessage());
            open.computeIfAbsent(healthCheckName, name -> begin(dependency, reason));
        }
    }

    @Override
    public void onHealthyCheck(String healthCheckName) {
        end(healthCheckName);
    }

    /** Transitions are what the methods above already log, once each. */
    @Override
    public void onStateChanged(String healthCheckName, boolean healthy) {}

    private Outage begin(Dependency dependency, String reason) {
        LOG.atLevel(dependency.level())
                .log("{} unreachable ({}); {}", dependency.name(), reason, dependency.whileOut());
        probeLater(dependency.name());
        return new Outage(nanoTime.getAsLong(), new AtomicLong());
    }

    private void probeLater(String name) {
        if (checks.getNames().contains(name)) {
            try {
                ScheduledFuture<?> unused =
                        probes.schedule(() -> probe(name), PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // The server is stopping: nothing is left to report the outage's end to.
            }
        }
    }

    private void probe(String name) {
        if (!open.containsKey(name)) {
            return;
        }
        if (checks.runHealthCheck(name).isHealthy()) {
            end(name);
        } else {
            probeLater(name);
        }
    }

    private void end(String name) {
        Outage ended = open.remove(name);
        if (ended != null) {
            double seconds = Duration.ofNanos(nanoTime.getAsLong() - ended.startedNanos())
                            .toMillis()
                    / 1000.0;
            LOG.info(
                    "{} reachable again after {} s; {} requests {} meanwhile",
                    name,
                    String.format(Locale.ROOT, "%.1f", seconds),
                    ended.requests().get(),
                    watched.get(name).counted());
        }
    }
}
