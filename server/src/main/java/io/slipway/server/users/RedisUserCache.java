package io.slipway.server.users;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slipway.server.observability.ThrottledLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Cache-aside copy of user documents in Redis: the entity tag, a newline, the JSON body. Any Redis
 * failure is logged, counted in {@code slipway_cache_operations_total{result="error"}} and treated
 * as a miss. Each entry lives the TTL less up to a fifth, at random, so entries written together
 * (a warm-up, a deploy) do not all expire in the same second and send every read to the database.
 */
public final class RedisUserCache implements UserCache {

    private static final Logger LOG = LoggerFactory.getLogger(RedisUserCache.class);
    /** v2: the document format; entries of the earlier format (a bare JSON user) are never read. */
    private static final String KEY_PREFIX = "slipway:user:v2:";

    private static final byte SEPARATOR = '\n';

    private final UnifiedJedis redis;
    private final long ttlSeconds;
    private final Counter operations;
    private final ThrottledLog failures = new ThrottledLog(LOG, Duration.ofSeconds(10));

    public RedisUserCache(UnifiedJedis redis, long ttlSeconds, PrometheusRegistry registry) {
        this.redis = redis;
        this.ttlSeconds = ttlSeconds;
        this.operations = Counter.builder()
                .name("slipway_cache_operations")
                .help("Cache operations by outcome: get hit/miss, put/evict ok, and errors of any operation")
                .labelNames("cache", "operation", "result")
                .register(registry);
        for (String[] series : new String[][] {
            {"get", "hit"},
            {"get", "miss"},
            {"get", "error"},
            {"put", "ok"},
            {"put", "error"},
            {"evict", "ok"},
            {"evict", "error"}
        }) {
            operations.initLabelValues("users", series[0], series[1]);
        }
    }

    @Override
    public Optional<UserDocument> get(UUID id) {
        try {
            byte[] cached = redis.get(key(id));
            int separator = cached == null ? -1 : indexOf(cached, SEPARATOR);
            if (separator < 0) {
                operations.labelValues("users", "get", "miss").inc();
                return Optional.empty();
            }
            operations.labelValues("users", "get", "hit").inc();
            return Optional.of(new UserDocument(
                    id,
                    new String(cached, 0, separator, StandardCharsets.US_ASCII),
                    Arrays.copyOfRange(cached, separator + 1, cached.length)));
        } catch (Exception e) {
            failed("get", e);
            return Optional.empty();
        }
    }

    @Override
    public void put(UserDocument document) {
        byte[] etag = document.etag().getBytes(StandardCharsets.US_ASCII);
        byte[] value = Arrays.copyOf(etag, etag.length + 1 + document.json().length);
        value[etag.length] = SEPARATOR;
        System.arraycopy(document.json(), 0, value, etag.length + 1, document.json().length);
        long ttl = ttlSeconds - ThreadLocalRandom.current().nextLong(ttlSeconds / 5 + 1);
        try {
            redis.set(key(document.id()), value, SetParams.setParams().ex(Math.max(1, ttl)));
            operations.labelValues("users", "put", "ok").inc();
        } catch (Exception e) {
            failed("put", e);
        }
    }

    @Override
    public void evict(UUID id) {
        try {
            redis.del(key(id));
            operations.labelValues("users", "evict", "ok").inc();
        } catch (Exception e) {
            failed("evict", e);
        }
    }

    private static byte[] key(UUID id) {
        return (KEY_PREFIX + id).getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** Counts every failure; logs them through {@link ThrottledLog}, as with Redis down every request fails. */
    private void failed(String operation, Exception e) {
        operations.labelValues("users", operation, "error").inc();
        failures.warn("redis {} failed, falling through to the database: {}", operation, e.toString());
    }
}
