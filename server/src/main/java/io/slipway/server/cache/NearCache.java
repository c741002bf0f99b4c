package io.slipway.server.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dropwizard.lifecycle.Managed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;

/**
 * Values of Redis keys under one prefix, kept in this JVM and dropped as soon as Redis says the key
 * changed: Redis's server-assisted client-side caching (RESP3 {@code CLIENT TRACKING ON BCAST
 * PREFIX}), read on one connection of its own by one thread. A write on any replica — a
 * {@code DEL}, a {@code SET}, an expiry, a {@code FLUSHDB} — makes Redis push an invalidation
 * here as the write is made; once it is applied, a read on this replica goes to
 * Redis again. While that connection is not known to be healthy the near cache is empty and
 * unused: it is filled only while every invalidation is being received.
 *
 * <p>Why not Jedis's own client-side cache ({@code RedisClient.builder().cacheConfig}): it keeps
 * entries in a {@code HashMap} read without a lock and touches a {@code synchronized} LRU list on
 * every hit (one monitor for every request thread), refuses Redis before 7.4, and ties each entry
 * to the pooled connection that read it, so an entry read on a connection that died silently is
 * served until that connection is next used. Here a hit is one Caffeine lookup, and a silent
 * connection is found by a PING every {@code heartbeat}: with nothing heard for three beats, the
 * cache is emptied and off until tracking is re-established.
 *
 * <p>A value read from Redis is kept only if no invalidation arrived while it was being read
 * ({@link #stamp()} before the read, {@link #put} after it), so a change that raced the read is
 * never hidden. Entries also expire after {@code maxAge}, as their Redis copies do.
 */
public final class NearCache<K, V> implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(NearCache.class);

    private final RedisConnection redis;
    private final String prefix;
    private final Function<String, Optional<K>> keyOf;
    private final Duration heartbeat;
    private final Cache<K, V> entries;
    /** Counts invalidations received and tracking lost; a read's value is kept only if unchanged. */
    private final AtomicLong invalidations = new AtomicLong();

    private volatile boolean tracking;
    private volatile boolean stopped;
    private volatile TrackingConnection connection;
    private Thread reader;
    private ScheduledExecutorService heartbeats;

    /**
     * @param keyOf the cache's key for a Redis key under {@code prefix} (the part after it); empty to ignore it
     */
    public NearCache(
            RedisConnection redis,
            String prefix,
            Function<String, Optional<K>> keyOf,
            int maxEntries,
            Duration maxAge,
            Duration heartbeat) {
        this.redis = redis;
        this.prefix = prefix;
        this.keyOf = keyOf;
        this.heartbeat = heartbeat;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(maxAge)
                .build();
    }

    /** The value kept for {@code key}: empty when not kept or while invalidations are not being received. */
    public Optional<V> get(K key) {
        return tracking ? Optional.ofNullable(entries.getIfPresent(key)) : Optional.empty();
    }

    /** Taken before reading a value from Redis, and given to {@link #put} with it. */
    public long stamp() {
        return invalidations.get();
    }

    /** Keeps {@code value}, read from Redis after {@code stamp}, unless something was invalidated since. */
    public void put(K key, V value, long stamp) {
        if (tracking && invalidations.get() == stamp) {
            entries.put(key, value);
            // An invalidation that landed between the check and the put would otherwise be lost.
            if (invalidations.get() != stamp || !tracking) {
                entries.invalidate(key);
            }
        }
    }

    /** Drops {@code key} here at once (a write on this replica), ahead of Redis's own invalidation. */
    public void invalidate(K key) {
        invalidations.incrementAndGet();
        entries.invalidate(key);
    }

    @Override
    public void start() {
        reader = new Thread(this::track, "near-cache-invalidations");
        reader.setDaemon(true);
        reader.start();
        heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "near-cache-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long beat = heartbeat.toMillis();
        // beat() catches what it can throw: the schedule is never cancelled by an exception.
        ScheduledFuture<?> unused = heartbeats.scheduleWithFixedDelay(this::beat, beat, beat, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        stopped = true;
        heartbeats.shutdownNow();
        tracking = false;
        TrackingConnection current = connection;
        if (current != null) {
            current.close(); // the reader's blocked read fails now, not at its timeout
        }
        reader.join(heartbeat.toMillis() * 3);
    }

    /** Connects, turns tracking on, applies what Redis pushes; on any failure empties the cache and retries. */
    private void track() {
        long backoff = heartbeat.toMillis();
        while (!stopped) {
            try (TrackingConnection tracked = new TrackingConnection(redis, heartbeat.multipliedBy(3))) {
                connection = tracked;
                tracked.executeCommand(new CommandArguments(Protocol.Command.CLIENT)
                        .add("TRACKING")
                        .add("ON")
                        .add("BCAST")
                        .add("PREFIX")
                        .add(prefix));
                entries.invalidateAll();
                tracking = true;
                LOG.info("near cache of {}* on: Redis pushes its invalidations", prefix);
                while (!stopped) {
                    // Not getOne(): that flushes, and only the heartbeat thread writes to this connection.
                    apply(tracked.getUnflushedObject());
                }
            } catch (RuntimeException e) {
                if (!stopped) {
                    lose(e.getMessage());
                    sleep(backoff);
                }
            }
        }
    }

    /** One message on the tracking connection: an invalidation push, or the answer to a heartbeat. */
    private void apply(Object message) {
        if (!(message instanceof List<?> push) || push.size() < 2 || !"invalidate".equals(text(push.get(0)))) {
            return;
        }
        invalidations.incrementAndGet();
        if (!(push.get(1) instanceof List<?> keys)) {
            entries.invalidateAll(); // FLUSHDB / FLUSHALL: every key
            return;
        }
        for (Object key : keys) {
            String name = text(key);
            if (name.startsWith(prefix)) {
                keyOf.apply(name.substring(prefix.length())).ifPresent(entries::invalidate);
            }
        }
    }

    private void beat() {
        TrackingConnection current = connection;
        if (!tracking || current == null) {
            return;
        }
        // Its answer is read by the reader, whose read times out after three beats of silence.
        try {
            current.beat();
        } catch (RuntimeException e) {
            lose(e.getMessage());
            current.close(); // the reader's blocked read fails and it reconnects
        }
    }

    /** Tracking is no longer known to hold: nothing kept may be trusted, and nothing is kept until it is back. */
    private void lose(String why) {
        if (tracking && !stopped) {
            LOG.warn("near cache of {}* off until Redis tracking is back: {}", prefix, why);
        }
        tracking = false;
        invalidations.incrementAndGet();
        entries.invalidateAll();
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The connection tracking is on: read by the reader thread, written (its heartbeat) by the heartbeat's. */
    private static final class TrackingConnection extends Connection {
        TrackingConnection(RedisConnection redis, Duration readTimeout) {
            super(redis.server(), redis.trackingConfig(readTimeout));
        }

        /** Sends a PING without reading: its answer reaches the reader, as any message does. */
        void beat() {
            sendCommand(Protocol.Command.PING);
            flush();
        }
    }
}
