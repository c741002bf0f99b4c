package io.slipway.server.cache;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Redis cache settings; an empty {@code url} turns the cache off. */
public class RedisSettings {

    @NotNull
    @Pattern(
            regexp = "^$|^rediss?://[^\\s/?#]+(:\\d{1,5})?(/\\d{1,2})?$",
            message = "must be empty (cache off) or a URL like redis://[user:password@]host:6379[/db]")
    @JsonProperty
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private String url = "";

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration ttl = Duration.minutes(5);

    /** Connect and read timeouts; kept well under the request budget so a dead Redis costs little. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 5, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration timeout = Duration.milliseconds(200);

    /** Longest wait for a pooled connection; the pool's own default is unbounded. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 5, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration maxWait = Duration.milliseconds(100);

    @Min(1)
    @Max(1024)
    @JsonProperty
    private int maxConnections = 64;

    /**
     * Users kept in each replica's memory in front of Redis, dropped when Redis pushes that they
     * changed (see {@code NearCache}); 0 turns the near cache off. About 1 KiB each.
     */
    @Min(0)
    @Max(1_000_000)
    @JsonProperty
    private int nearCacheSize = 10_000;

    /** The URL when the cache is on. */
    public Optional<URI> uri() {
        return url.isBlank() ? Optional.empty() : Optional.of(URI.create(url));
    }

    public Duration getTtl() {
        return ttl;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public Duration getMaxWait() {
        return maxWait;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public int getNearCacheSize() {
        return nearCacheSize;
    }
}
