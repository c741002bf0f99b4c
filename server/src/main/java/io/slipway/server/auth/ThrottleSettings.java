package io.slipway.server.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** Password-guessing limits (see {@link LoginThrottle}). */
public class ThrottleSettings {

    /** Failed attempts one client address may make per {@link #window}, over all accounts. */
    @Min(1)
    @Max(100_000)
    @JsonProperty
    private int clientFailures = 30;

    /** Failed attempts one client address may make against one account per {@link #window}. */
    @Min(1)
    @Max(1_000)
    @JsonProperty
    private int accountFailures = 5;

    /** The period over which each allowance refills, one attempt at a time. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration window = Duration.minutes(15);

    /** Clients and client-account pairs remembered at once; the least recently seen are forgotten first. */
    @Min(1_000)
    @Max(10_000_000)
    @JsonProperty
    private int maxTracked = 50_000;

    public int getClientFailures() {
        return clientFailures;
    }

    public int getAccountFailures() {
        return accountFailures;
    }

    public Duration getWindow() {
        return window;
    }

    public int getMaxTracked() {
        return maxTracked;
    }
}
