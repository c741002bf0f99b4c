package io.slipway.server.ratelimit;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** How many requests a caller may make (see {@link RateLimiter}); per environment in the values. */
public class RateLimitSettings {

    /** A caller with a valid bearer token, counted by user over every replica. */
    @Valid
    @NotNull
    @JsonProperty
    private Allowance perUser = new Allowance(600, Duration.minutes(1));

    /** A caller without one, counted by client address (the one the ingress saw). */
    @Valid
    @NotNull
    @JsonProperty
    private Allowance perAddress = new Allowance(120, Duration.minutes(1));

    /**
     * Replicas sharing the limits. While Redis is out each replica counts alone and allows its
     * share, {@code requests / replicas} (rounded up), so the service as a whole still holds about
     * the limit instead of opening the door or refusing everyone.
     */
    @Min(1)
    @Max(1_000)
    @JsonProperty
    private int replicas = 1;

    /**
     * At most this fraction of an allowance is counted on a replica before it is written to Redis
     * (and at most {@link #syncInterval} passes): Bucket4j's delaying optimisation, which keeps
     * the Redis round trip off almost every request. The limit can be exceeded by this much per
     * replica, never more.
     */
    @Min(0)
    @Max(50)
    @JsonProperty
    private int unsynchronizedPercent = 5;

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 10, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration syncInterval = Duration.milliseconds(200);

    /** Callers remembered at once on a replica; the least recently seen are forgotten first. */
    @Min(1_000)
    @Max(10_000_000)
    @JsonProperty
    private int maxTracked = 100_000;

    public Allowance getPerUser() {
        return perUser;
    }

    public Allowance getPerAddress() {
        return perAddress;
    }

    public int getReplicas() {
        return replicas;
    }

    public int getUnsynchronizedPercent() {
        return unsynchronizedPercent;
    }

    public Duration getSyncInterval() {
        return syncInterval;
    }

    public int getMaxTracked() {
        return maxTracked;
    }

    /** {@code requests} per {@code window}, refilled steadily over the window. */
    public static class Allowance {

        @Min(1)
        @Max(10_000_000)
        @JsonProperty
        private long requests;

        @NotNull
        @MinDuration(value = 1, unit = TimeUnit.SECONDS)
        @MaxDuration(value = 1, unit = TimeUnit.DAYS)
        @JsonProperty
        private Duration window;

        public Allowance() {
            this(1, Duration.minutes(1));
        }

        public Allowance(long requests, Duration window) {
            this.requests = requests;
            this.window = window;
        }

        public long getRequests() {
            return requests;
        }

        public java.time.Duration getWindow() { // fully qualified: Dropwizard's Duration is the configured one
            return java.time.Duration.ofMillis(window.toMilliseconds()); // fully qualified: as above
        }
    }
}
