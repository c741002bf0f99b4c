package io.slipway.server.cache;

import io.dropwizard.core.setup.Environment;
import io.slipway.server.observability.Observability;
import io.slipway.server.users.UserCache;
import io.slipway.server.users.UserDocument;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Redis where one is configured: the connection (managed, health-checked), and the users kept
 * there with the near cache in front; without Redis, no cache and the rate limits per process.
 */
public record Caches(Optional<RedisConnection> redis, UserCache users) {

    public static Caches install(RedisSettings settings, Environment environment, Observability observability) {
        Optional<RedisConnection> redis =
                settings.uri().map(uri -> new RedisConnection(uri, settings, observability.tracing()));
        redis.ifPresent(environment.lifecycle()::manage);
        environment.healthChecks().register("redis", new RedisHealthCheck(redis));
        UserCache users = redis.map(connection -> users(connection, settings, environment, observability))
                .orElse(UserCache.DISABLED);
        return new Caches(redis, users);
    }

    /** Users in Redis, with the near cache in front of it unless its size is 0. */
    private static UserCache users(
            RedisConnection redis, RedisSettings settings, Environment environment, Observability observability) {
        NearCache<UUID, UserDocument> near = RedisUserCache.nearCache(
                redis,
                settings.getNearCacheSize(),
                Duration.ofSeconds(settings.getTtl().toSeconds()));
        if (settings.getNearCacheSize() > 0) {
            environment.lifecycle().manage(near); // never started, it keeps nothing
        }
        return new RedisUserCache(
                redis.client(),
                near,
                settings.getTtl().toSeconds(),
                observability.prometheus(),
                observability.outages());
    }
}
