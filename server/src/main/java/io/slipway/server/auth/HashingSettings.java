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
     * Hashes at once; 0 means one per available core plus one: registrations may hold all but one
     * permit, so they can use every core while a login still finds one. Each holds 19 MiB of native
     * memory while it runs.
     */
    @Min(0)
    @Max(64)
    @JsonProperty
    private int concurrency = 0;

    /**
     * Callers a lane holds waiting, whatever the estimate says: each holds one of Jetty's threads.
     * With a hash of ~40 ms and {@code maxWait} 5 s a lane admits far fewer on its own.
     */
    @Min(0)
    @Max(10_000)
    @JsonProperty
    private int maxQueued = 256;

    /**
     * The answer's budget: a caller is admitted only while its expected wait for hashing (the queue
     * ahead times the measured hash time) is within it, and waits at most this long. 5 s: well
     * under the 60 s idle timeouts of ACK's ALB and the nginx ingress, and under the 10 s most HTTP
     * clients wait, so what is admitted is answered before anyone gives up on it.
     */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration maxWait = Duration.seconds(5);

    public int concurrency() {
        return concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors() + 1;
    }

    public int getMaxQueued() {
        return maxQueued;
    }

    public Duration getMaxWait() {
        return maxWait;
    }
}
