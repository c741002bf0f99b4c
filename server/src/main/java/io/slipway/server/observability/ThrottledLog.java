package io.slipway.server.observability;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that may fire on every request (a dependency down) logs at most one line per interval,
 * with the number of occurrences it did not log, so an outage cannot flood the log at request rate.
 */
public final class ThrottledLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong lastLogged;
    private final AtomicLong suppressed = new AtomicLong();

    public ThrottledLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.lastLogged = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /** Logs {@code message} (an SLF4J format with {@code args}) followed by the suppressed count, or counts it. */
    public void warn(String message, Object... args) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= intervalNanos && lastLogged.compareAndSet(last, now)) {
            Object[] withCount = Arrays.copyOf(args, args.length + 1);
            withCount[args.length] = suppressed.getAndSet(0);
            log.warn(message + " ({} more since the last report)", withCount);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
