package io.slipway.server.cache;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slipway.server.health.DependencyOutages;
import io.slipway.server.users.UserCache;
import io.slipway.server.users.UserDocument;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Cache-aside copy of user documents in Redis: the entity tag, a newline, the JSON body. Any Redis
 * failure is counted in {@code slipway_cache_operations_total{result="error"}}, reported to the
 * outage log and treated as a miss. Each entry lives the TTL less up to a fifth, at random, so
 * entries written together (a deploy, a warm-up) do not all expire in the same second and send
 * every read to the database.
 *
 * <p>A write whose eviction fails leaves an entry in Redis that may be older than the database, and
 * a Redis that keeps its data (persistence, a promoted replica, a partition rather than a restart)
 * would serve it once it is back. So a failed eviction is remembered: that user is read from the
 * database and not cached by this pod until a delete of its key succeeds, and the deletes are
 * retried, at most once per {@link #EVICTION_RETRY}, on every cache call. Other pods may read such
 * an entry until this pod's retry lands (within a second of Redis's return while this pod takes
 * traffic; never longer than the TTL). The remembered set holds only users written during the outage.
 *
 * <p>In front of Redis, a {@link NearCache} keeps the documents read from it in this JVM, dropped
 * when Redis pushes that their key changed (a write on any replica), so a hot user's read costs no
 * round trip; a near hit counts as {@code result="near_hit"}.
 */
public final class RedisUserCache implements UserCache {

    static final Duration EVICTION_RETRY = Duration.ofSeconds(1);
    /** How often the near cache's connection is checked: a silent one empties it within three of these. */
    static final Duration NEAR_CACHE_HEARTBEAT = Duration.ofSeconds(1);

    /** v2: the document format; entries of the earlier format (a bare JSON user) are never read. */
    private static final String KEY_PREFIX = "slipway:user:v2:";

    private static final byte SEPARATOR = '\n';

    private final UnifiedJedis redis;
    private final NearCache<UUID, UserDocument> near;
    private final long ttlSeconds;
    private final Counter operations;
    private final DependencyOutages outages;
    private final Set<UUID> unevicted = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextEvictionRetry = new AtomicLong(System.nanoTime());

    public RedisUserCache(
            UnifiedJedis redis,
            NearCache<UUID, UserDocument> near,
            long ttlSeconds,
            PrometheusRegistry registry,
            DependencyOutages outages) {
        this.redis = redis;
        this.near = near;
        this.ttlSeconds = ttlSeconds;
        this.outages = outages;
        this.operations = Counter.builder()
                .name("slipway_cache_operations")
                .help("Cache operations by outcome: get hit/miss, put/evict ok, and errors of any operation")
                .labelNames("cache", "operation", "result")
                .register(registry);
        for (String[] series : new String[][] {
            {"get", "near_hit"},
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
        if (!confirmedEvicted(id)) {
            operations.labelValues("users", "get", "miss").inc();
            return Optional.empty();
        }
        Optional<UserDocument> kept = near.get(id);
        if (kept.isPresent()) {
            operations.labelValues("users", "get", "near_hit").inc();
            return kept;
        }
        long stamp = near.stamp();
        try {
            byte[] cached = redis.get(key(id));
            int separator = cached == null ? -1 : indexOf(cached, SEPARATOR);
            if (separator < 0) {
                operations.labelValues("users", "get", "miss").inc();
                return Optional.empty();
            }
            operations.labelValues("users", "get", "hit").inc();
            UserDocument document = new UserDocument(
                    id,
                    new String(cached, 0, separator, StandardCharsets.US_ASCII),
                    Arrays.copyOfRange(cached, separator + 1, cached.length));
            near.put(id, document, stamp);
            return Optional.of(document);
        } catch (Exception e) {
            failed("get", e);
            return Optional.empty();
        }
    }

    @Override
    public void put(UserDocument document) {
        if (!confirmedEvicted(document.id())) {
            return;
        }
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
        near.invalidate(id);
        try {
            redis.del(key(id));
            operations.labelValues("users", "evict", "ok").inc();
        } catch (Exception e) {
            unevicted.add(id);
            failed("evict", e);
        }
    }

    /** False while {@code id}'s entry may be stale: its eviction failed and no retry has succeeded yet. */
    private boolean confirmedEvicted(UUID id) {
        if (unevicted.isEmpty()) {
            return true;
        }
        long due = nextEvictionRetry.get();
        long now = System.nanoTime();
        if (now - due >= 0 && nextEvictionRetry.compareAndSet(due, now + EVICTION_RETRY.toNanos())) {
            List<UUID> batch = unevicted.stream().limit(1_000).toList();
            try {
                redis.del(batch.stream().map(RedisUserCache::key).toArray(byte[][]::new));
                batch.forEach(unevicted::remove);
                operations.labelValues("users", "evict", "ok").inc(batch.size());
            } catch (Exception e) {
                failed("evict", e);
            }
        }
        return !unevicted.contains(id);
    }

    /** The near cache of these documents: their keys' prefix, and a user id for each key under it. */
    public static NearCache<UUID, UserDocument> nearCache(RedisConnection redis, int maxEntries, Duration maxAge) {
        return new NearCache<>(redis, KEY_PREFIX, RedisUserCache::idIn, maxEntries, maxAge, NEAR_CACHE_HEARTBEAT);
    }

    private static Optional<UUID> idIn(String suffix) {
        try {
            return Optional.of(UUID.fromString(suffix));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
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

    /** Counts every failure; the outage log says it once per outage, as with Redis down every request fails. */
    private void failed(String operation, Exception e) {
        operations.labelValues("users", operation, "error").inc();
        outages.failed(DependencyOutages.REDIS, operation + " failed: " + e);
    }
}
