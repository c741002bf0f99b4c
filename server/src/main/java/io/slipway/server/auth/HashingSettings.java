package io.slipway.server.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** How much password hashing the server admits at once (see {@link PasswordHasher}). */
public class HashingSettings {

    /**
     * Hashes at once; 0 means one per available core, but at least two, so that with a one-CPU limit
     * a registration and a login can still run side by side. Each holds 19 MiB of heap while it runs.
     */
    @Min(0)
    @Max(64)
    @JsonProperty
    private int concurrency = 0;

    /** Callers that may wait for a permit, per lane; more are refused at once with 503. */
    @Min(0)
    @Max(10_000)
    @JsonProperty
    private int maxQueued = 32;

    /** Longest wait for a permit before a 503. */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration maxWait = Duration.seconds(1);

    public int concurrency() {
        return concurrency > 0 ? concurrency : Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    public int getMaxQueued() {
        return maxQueued;
    }

    public Duration getMaxWait() {
        return maxWait;
    }
}
