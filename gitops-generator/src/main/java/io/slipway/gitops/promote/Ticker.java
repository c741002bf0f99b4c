package io.slipway.gitops.promote;

import java.time.Duration;
import java.time.Instant;

/**
 * Time as the watch reads and spends it: the wall clock (sync windows), a monotonic clock (its own
 * deadlines) and sleeping between looks. {@link #SYSTEM} in production; a test's ticker advances
 * when slept on, so a 20-minute soak is decided in milliseconds.
 */
public interface Ticker {

    /** The JVM's clocks and {@link Thread#sleep}. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
        }
    };

    /** The wall clock. */
    Instant now();

    /** A monotonic clock in nanoseconds, for elapsed time only. */
    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;
}
