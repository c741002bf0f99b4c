package io.slipway.server.cache;

import com.codahale.metrics.health.HealthCheck;
import java.util.Optional;

/** Non-critical: a failing Redis degrades latency, never correctness, so readiness stays up. */
public final class RedisHealthCheck extends HealthCheck {

    private final Optional<RedisConnection> redis;

    public RedisHealthCheck(Optional<RedisConnection> redis) {
        this.redis = redis;
    }

    @Override
    protected Result check() {
        if (redis.isEmpty()) {
            return Result.healthy("cache disabled (redis.url is empty)");
        }
        String pong = redis.get().client().ping();
        return "PONG".equals(pong) ? Result.healthy() : Result.unhealthy("unexpected PING reply");
    }
}
