package io.slipway.server.users;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slipway.server.observability.ThrottledLog;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Cache-aside copy of users in Redis. Any Redis failure is logged, counted in
 * {@code slipway_cache_operations_total{result="error"}} and treated as a miss.
 */
public final class RedisUserCache implements UserCache {

    private static final Logger LOG = LoggerFactory.getLogger(RedisUserCache.class);
    private static final String KEY_PREFIX = "slipway:user:";

    private final UnifiedJedis redis;
    private final ObjectMapper json;
    private final long ttlSeconds;
    private final Counter operations;
    private final ThrottledLog failures = new ThrottledLog(LOG, Duration.ofSeconds(10));

    public RedisUserCache(UnifiedJedis redis, ObjectMapper json, long ttlSeconds, PrometheusRegistry registry) {
        this.redis = redis;
        this.json = json;
        this.ttlSeconds = ttlSeconds;
        this.operations = Counter.builder()
                .name("slipway_cache_operations")
                .help("Cache operations by outcome: get hit/miss, put/evict ok, and errors of any operation")
                .labelNames("cache", "operation", "result")
                .register(registry);
        for (String[] series : new String[][] {{"get", "hit"}, {"get", "miss"}, {"get", "error"},
                {"put", "ok"}, {"put", "error"}, {"evict", "ok"}, {"evict", "error"}}) {
            operations.initLabelValues("users", series[0], series[1]);
        }
    }

    @Override
    public Optional<User> get(UUID id) {
        try {
            String cached = redis.get(KEY_PREFIX + id);
            if (cached == null) {
                operations.labelValues("users", "get", "miss").inc();
                return Optional.empty();
            }
            User user = json.readValue(cached, User.class);
            operations.labelValues("users", "get", "hit").inc();
            return Optional.of(user);
        } catch (Exception e) {
            failed("get", e);
            return Optional.empty();
        }
    }

    @Override
    public void put(User user) {
        try {
            redis.set(KEY_PREFIX + user.id(), json.writeValueAsString(user), SetParams.setParams().ex(ttlSeconds));
            operations.labelValues("users", "put", "ok").inc();
        } catch (Exception e) {
            failed("put", e);
        }
    }

    @Override
    public void evict(UUID id) {
        try {
            redis.del(KEY_PREFIX + id);
            operations.labelValues("users", "evict", "ok").inc();
        } catch (Exception e) {
            failed("evict", e);
        }
    }

    /** Counts every failure; logs them through {@link ThrottledLog}, as with Redis down every request fails. */
    private void failed(String operation, Exception e) {
        operations.labelValues("users", operation, "error").inc();
        failures.warn("redis {} failed, falling through to the database: {}", operation, e.toString());
    }
}
