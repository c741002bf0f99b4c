package io.slipway.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheckRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slipway.server.health.DependencyOutages;
import io.slipway.server.support.RealParts;
import io.slipway.server.support.RedisProcess;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The limiter's counting as deployed by default: shared through Redis, synchronised every few percent. */
@RealParts
class RateLimiterTest {

    static final RedisProcess REDIS = RedisProcess.start();
    static final UnifiedJedis CLIENT = RedisClient.create(REDIS.url());

    @AfterAll
    static void stop() {
        CLIENT.close();
        REDIS.stop();
    }

    @Test
    void replicasSynchronisingEveryTenPercentAdmitTheLimitAndAtMostTheirUnsynchronisedShareMore() {
        RateLimitSettings settings = settings(Map.of(
                "perUser",
                Map.of("requests", 100, "window", "1h"),
                "replicas",
                2,
                "unsynchronizedPercent",
                10,
                "syncInterval",
                "10s"));
        RateLimiter one = limiter(settings, Optional.of(CLIENT));
        RateLimiter two = limiter(settings, Optional.of(CLIENT));
        int admitted = 0;
        for (int i = 0; i < 300; i++) {
            RateLimiter replica = i % 2 == 0 ? one : two;
            if (replica.take(replica.user("greedy")).allowed()) {
                admitted++;
            }
        }
        // Exactly 100 would need a Redis round trip per request; each replica may run 10 ahead of it.
        assertThat(admitted).isBetween(100, 100 + 2 * 10);
        assertThat(one.take(one.user("someone else")).allowed()).isTrue();
    }

    @Test
    void withoutRedisAReplicaAllowsItsShareOfTheLimit() {
        RateLimitSettings settings =
                settings(Map.of("perAddress", Map.of("requests", 9, "window", "1h"), "replicas", 3));
        RateLimiter alone = limiter(settings, Optional.empty());
        long admitted = IntStream.range(0, 10)
                .filter(i -> alone.take(alone.address("192.0.2.1")).allowed())
                .count();
        assertThat(admitted).isEqualTo(3);
        RateLimiter.Decision refused = alone.take(alone.address("192.0.2.1"));
        assertThat(refused.retryAfterSeconds()).isBetween(1L, 1200L);
        assertThat(refused.remaining()).isZero();
    }

    private static RateLimitSettings settings(Map<String, Object> values) {
        return new ObjectMapper().convertValue(values, RateLimitSettings.class);
    }

    private static RateLimiter limiter(RateLimitSettings settings, Optional<UnifiedJedis> redis) {
        DependencyOutages outages = new DependencyOutages(
                new HealthCheckRegistry(), Executors.newSingleThreadScheduledExecutor(), System::nanoTime);
        return new RateLimiter(settings, redis, outages, new PrometheusRegistry(), System::nanoTime);
    }
}
