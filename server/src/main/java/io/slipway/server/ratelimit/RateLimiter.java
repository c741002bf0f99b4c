package io.slipway.server.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.distributed.serialization.Mapper;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slipway.server.health.DependencyOutages;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import redis.clients.jedis.UnifiedJedis;

/**
 * Token buckets (Bucket4j) per caller: one per user for callers with a valid token, one per client
 * address for the rest. With Redis the buckets are shared by every replica (Bucket4j's Jedis proxy
 * manager, with its delaying optimisation so that a replica writes to Redis every few percent of an
 * allowance rather than on every request). Without Redis, or while it is out, each replica counts
 * alone and allows its share of the limit: neither an open door nor a 5xx for a cache that is down.
 */
public final class RateLimiter {

    /** A limit as the {@code RateLimit-Policy} header names it. */
    public record Policy(String name, long requests, Duration window) {}

    /** Who is counted: a user id or a client address, under its policy. */
    public record Caller(Policy policy, String key) {}

    /** What one request was told. */
    public record Decision(Policy policy, boolean allowed, long remaining, long resetSeconds, long retryAfterSeconds) {}

    private static final Duration REDIS_RETRY = Duration.ofSeconds(1);

    private final Policy perUser;
    private final Policy perAddress;
    private final int replicas;
    private final Optional<ClusterBuckets> cluster;
    private final Cache<String, Bucket> local;
    private final DependencyOutages outages;
    private final LongSupplier nanoTime;
    private final Counter refused;
    private final Counter alone;
    private volatile long redisRetryAt;

    public RateLimiter(
            RateLimitSettings settings,
            Optional<UnifiedJedis> redis,
            DependencyOutages outages,
            PrometheusRegistry registry,
            LongSupplier nanoTime) {
        this.perUser = policy("user", settings.getPerUser());
        this.perAddress = policy("address", settings.getPerAddress());
        this.replicas = settings.getReplicas();
        this.cluster = redis.map(r -> new ClusterBuckets(r, settings));
        Duration longest = perUser.window().compareTo(perAddress.window()) > 0 ? perUser.window() : perAddress.window();
        this.local = Caffeine.newBuilder()
                .maximumSize(settings.getMaxTracked())
                .expireAfterAccess(longest)
                .build();
        this.outages = outages;
        this.nanoTime = nanoTime;
        this.redisRetryAt = nanoTime.getAsLong();
        this.refused = Counter.builder()
                .name("slipway_rate_limited")
                .help("Requests answered 429 because their caller used up its allowance, by policy")
                .labelNames("policy")
                .register(registry);
        refused.initLabelValues(perUser.name());
        refused.initLabelValues(perAddress.name());
        this.alone = Counter.builder()
                .name("slipway_rate_limit_local_decisions")
                .help("Requests counted by this replica alone, with its share of the limit, because Redis was out")
                .register(registry);
    }

    public Caller user(String userId) {
        return new Caller(perUser, userId);
    }

    public Caller address(String address) {
        return new Caller(perAddress, address);
    }

    /** Takes one request from the caller's allowance. */
    public Decision take(Caller caller) {
        ConsumptionProbe probe = cluster.filter(c -> nanoTime.getAsLong() - redisRetryAt >= 0)
                .flatMap(c -> shared(c, caller))
                .orElseGet(() -> alone(caller));
        if (!probe.isConsumed()) {
            refused.labelValues(caller.policy().name()).inc();
        }
        return new Decision(
                caller.policy(),
                probe.isConsumed(),
                probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()),
                Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    private Optional<ConsumptionProbe> shared(ClusterBuckets buckets, Caller caller) {
        try {
            return Optional.of(buckets.bucket(caller).tryConsumeAndReturnRemaining(1));
        } catch (RuntimeException e) {
            redisRetryAt = nanoTime.getAsLong() + REDIS_RETRY.toNanos();
            outages.failed(DependencyOutages.REDIS, "rate limit failed: " + e);
            return Optional.empty();
        }
    }

    private ConsumptionProbe alone(Caller caller) {
        if (cluster.isPresent()) {
            alone.inc();
        }
        long share = (caller.policy().requests() + replicas - 1) / replicas;
        return local.get(
                        caller.policy().name() + ":" + caller.key(),
                        key -> Bucket.builder()
                                .addLimit(bandwidth(share, caller.policy().window()))
                                .build())
                .tryConsumeAndReturnRemaining(1);
    }

    private static Policy policy(String name, RateLimitSettings.Allowance allowance) {
        return new Policy(name, allowance.getRequests(), allowance.getWindow());
    }

    private static Bandwidth bandwidth(long requests, Duration window) {
        return Bandwidth.builder()
                .capacity(requests)
                .refillGreedy(requests, window)
                .build();
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }

    /** The shared buckets in Redis, each behind a local proxy that syncs only every few percent. */
    private static final class ClusterBuckets {
        private final ProxyManager<String> buckets;
        private final Cache<String, Bucket> proxies;
        private final int unsynchronizedPercent;
        private final Duration syncInterval;

        ClusterBuckets(UnifiedJedis redis, RateLimitSettings settings) {
            this.buckets = Bucket4jJedis.casBasedBuilder(redis)
                    .keyMapper(Mapper.STRING)
                    .expirationAfterWrite(
                            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                    .build();
            this.proxies = Caffeine.newBuilder()
                    .maximumSize(settings.getMaxTracked())
                    .expireAfterAccess(Duration.ofMinutes(5))
                    .build();
            this.unsynchronizedPercent = settings.getUnsynchronizedPercent();
            this.syncInterval = Duration.ofMillis(settings.getSyncInterval().toMilliseconds());
        }

        Bucket bucket(Caller caller) {
            String key = "slipway:rate-limit:" + caller.policy().name() + ":" + caller.key();
            return proxies.get(key, k -> {
                Policy policy = caller.policy();
                BucketConfiguration configuration = BucketConfiguration.builder()
                        .addLimit(bandwidth(policy.requests(), policy.window()))
                        .build();
                long unsynchronized = policy.requests() * unsynchronizedPercent / 100;
                if (unsynchronized == 0) {
                    return buckets.builder().build(k, () -> configuration);
                }
                Optimization delaying = Optimizations.delaying(new DelayParameters(unsynchronized, syncInterval));
                return buckets.builder().withOptimization(delaying).build(k, () -> configuration);
            });
        }
    }
}
