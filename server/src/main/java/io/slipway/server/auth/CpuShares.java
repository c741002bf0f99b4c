package io.slipway.server.auth;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The cores shared between password hashing and reads, by the one thing the kernel shares them by:
 * how many threads want to run. Linux gives every runnable thread an equal slice, so two hashes
 * beside sixty reading request threads get 2/62 of the CPU: a 32 ms hash took ~250 ms, and the
 * deadline admission, seeing that, refused nearly every sign-up while reads were served.
 *
 * <p>So while hashes run, reads take turns: at most {@code cores - hashes running} reads are
 * handled at once, never fewer than one. With two cores busy hashing, one read runs beside them
 * and hashing gets two thirds of the machine; with one hash, it gets a core of its own and reads the
 * other. A read waits for its turn (a parked thread, no CPU) and a read answered from memory takes
 * ~50 µs, so the turns come quickly. With nothing hashing, reads are not limited at all.
 *
 * <p>Why not a concurrency limiter over all requests (Jetty's {@code QoSHandler}, Netflix's
 * concurrency-limits with partitions): they share out concurrent requests, and a hashing request
 * holds a core for 32 ms where a read holds it for 50 µs, so equal slots are not equal CPU, and
 * neither lets hashing take the cores it needs and give them back the moment it is done, which is
 * what a sign-up is worth against a cached read. The hashing itself stays bounded by
 * {@link PasswordHasher}'s permits and deadline.
 */
public final class CpuShares {

    /** Read permits while nothing hashes: more than any thread pool holds, so reads never wait then. */
    static final int UNLIMITED = 100_000;

    private final int cores;
    private final Turns reads = new Turns(UNLIMITED);
    private int hashing; // guarded by this
    private int withheld; // read permits held back from UNLIMITED, guarded by this

    public CpuShares(int cores) {
        this.cores = cores;
    }

    /** A hash begins: reads give way, down to one at a time. */
    synchronized void hashStarted() {
        hashing++;
        withhold();
    }

    synchronized void hashEnded() {
        hashing--;
        withhold();
    }

    private void withhold() {
        int wanted = hashing == 0 ? 0 : UNLIMITED - Math.max(1, cores - hashing);
        if (wanted > withheld) {
            reads.reduce(wanted - withheld);
        } else if (wanted < withheld) {
            reads.release(withheld - wanted);
        }
        withheld = wanted;
    }

    /** Waits for a read's turn, at most {@code patience}; false when it did not come. */
    public boolean beginRead(Duration patience) {
        try {
            return reads.tryAcquire(patience.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void endRead() {
        reads.release();
    }

    /** A semaphore whose permits can be taken back while they are held (reads in flight finish first). */
    private static final class Turns extends Semaphore {
        Turns(int permits) {
            super(permits);
        }

        void reduce(int permits) {
            reducePermits(permits);
        }
    }
}
