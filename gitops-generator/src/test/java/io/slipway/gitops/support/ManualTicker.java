package io.slipway.gitops.support;

import io.slipway.gitops.promote.Ticker;
import java.time.Duration;
import java.time.Instant;

/** Time that passes only when slept on: a watch's minutes of waiting and soaking take no time at all. */
public final class ManualTicker implements Ticker {

    private final Instant start;
    private long elapsedNanos;

    public ManualTicker(Instant start) {
        this.start = start;
    }

    @Override
    public synchronized Instant now() {
        return start.plusNanos(elapsedNanos);
    }

    @Override
    public synchronized long nanoTime() {
        return elapsedNanos;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        elapsedNanos += duration.toNanos();
    }

    /** How much time the watch spent. */
    public synchronized Duration elapsed() {
        return Duration.ofNanos(elapsedNanos);
    }
}
