package io.slipway.server.auth;

import com.google.common.base.Suppliers;
import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Argon2id at OWASP's first recommended setting (19 MiB memory, 2 iterations, 1 lane), stored as a
 * self-describing PHC string so parameters can be raised later. Computed by the reference C
 * implementation (libargon2, bundled with argon2-jvm): measured, a hash costs ~32 ms of a core there
 * against ~50 ms in BouncyCastle's Java one, and its 19 MiB are allocated and freed natively instead
 * of as garbage on the heap (bench/RESULTS.md). The strings are the same PHC format either way.
 *
 * <p>Each hash holds 19 MiB and a core while it runs, so every one of them — a registration, a
 * password change, a login, and the decoy check for an unknown email — takes one of
 * {@code concurrency} permits. Two lanes share the permits: {@link #hash} (storing a new password)
 * may hold at most {@code concurrency - 1} of them (at least one), so with two or more permits a
 * registration flood always leaves one for {@link #verify} (logins).
 *
 * <p><b>Admission by deadline.</b> A caller is admitted when it can still be answered within
 * {@code maxWait}: its expected wait is the rounds of hashing ahead of it in its lane (callers
 * inside, divided by the lane's permits) times the measured time of one hash (a moving average of
 * the hashes done). This is CoDel's idea — judge a queue by the time its work waits, not by its
 * length — applied at arrival, where the time is predictable: a hash costs the same every time, so
 * the queue ahead is a good clock (Little's law), and a caller that could not be answered in time
 * is refused at once ({@link HashingRefused}: 503 and a {@code Retry-After} of when it would fit again, the expected
 * wait less the budget, at most the budget) instead of waiting to fail. An adaptive limit (Netflix concurrency-limits, Envoy's adaptive concurrency) would
 * learn the concurrency; here it is known, the cores, so only the queue needs judging.
 * {@code maxQueued} bounds the callers a lane holds whatever the estimate (each holds a thread).
 */
public final class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int PARALLELISM = 1;
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    /** Until hashes are measured: about what one takes on a core, warm (bench/RESULTS.md). */
    private static final long FIRST_ESTIMATE_NANOS = TimeUnit.MILLISECONDS.toNanos(35);
    /**
     * Hashes run at start: the native library loaded (JNA unpacks it) and the estimate of one hash
     * measured before the first request. The hash itself is compiled C, warm from the first call.
     */
    static final int WARM_UP_HASHES = 3;

    private final Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, SALT_BYTES, HASH_BYTES);
    private final Semaphore permits;
    private final CpuShares shares = new CpuShares(Runtime.getRuntime().availableProcessors());
    private final Lane store;
    private final Lane verify;
    private final long maxWaitNanos;
    /** The moving average of one hash's duration, nanoseconds. */
    private final AtomicLong hashNanos = new AtomicLong(FIRST_ESTIMATE_NANOS);

    private final Counter hashes;
    /**
     * A real hash of a password nobody has, checked when the email is unknown so both paths cost the
     * same; made by the warm-up (or, without one, on the first such login).
     */
    private final Supplier<String> decoy = Suppliers.memoize(() -> encode("no user has this password"));

    public PasswordHasher(HashingSettings settings, PrometheusRegistry registry) {
        int concurrency = settings.concurrency();
        this.permits = new Semaphore(concurrency, true);
        this.store = new Lane("store", Math.max(1, concurrency - 1), settings.getMaxQueued());
        this.verify = new Lane("verify", concurrency, settings.getMaxQueued());
        this.maxWaitNanos = settings.getMaxWait().toNanoseconds();
        this.hashes = Counter.builder()
                .name("slipway_password_hashes")
                .help("Argon2id computations by purpose (store: registration or password change; verify: login), "
                        + "and requests refused because hashing capacity was exhausted")
                .labelNames("purpose", "result")
                .register(registry);
        for (String purpose : new String[] {"store", "verify"}) {
            hashes.initLabelValues(purpose, "done");
            hashes.initLabelValues(purpose, "refused");
        }
    }

    /** How reads give the cores to the hashes running (see {@link CpuShares}). */
    public CpuShares shares() {
        return shares;
    }

    /** For the command line: the defaults, with metrics nobody scrapes. */
    public PasswordHasher() {
        this(new HashingSettings(), new PrometheusRegistry());
    }

    /**
     * Hashes a few throwaway passwords, so the native library is loaded before the first request
     * and the estimate of one hash is measured, not assumed.
     */
    public void warmUp() {
        for (int i = 0; i < WARM_UP_HASHES; i++) {
            String throwaway = "warm up " + i;
            timed(() -> encode(throwaway));
        }
        String unused = decoy.get(); // made now, not on the first login for an unknown email
    }

    private String encode(String password) {
        return argon2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, password.toCharArray(), StandardCharsets.UTF_8);
    }

    private boolean matches(String password, String storedHash) {
        return argon2.verify(storedHash, password.toCharArray(), StandardCharsets.UTF_8);
    }

    /** The current estimate of one hash. */
    Duration hashTime() {
        return Duration.ofNanos(hashNanos.get());
    }

    private <T> T timed(Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        long took = System.nanoTime() - start;
        // An exponentially weighted moving average, a quarter of the way to each new sample.
        hashNanos.accumulateAndGet(took, (average, sample) -> average + (sample - average) / 4);
        return result;
    }

    /** A new Argon2id hash of {@code password}; {@link HashingRefused} when it could not be done within {@code maxWait}. */
    public String hash(String password) {
        return store.run(() -> encode(password));
    }

    /**
     * Whether {@code password} matches {@code storedHash}; with no stored hash (unknown email) the
     * decoy is checked instead, at the same cost, and the answer is {@code false}.
     */
    public boolean verify(String password, Optional<String> storedHash) {
        boolean matches = verify.run(() -> matches(password, storedHash.orElseGet(decoy)));
        return matches && storedHash.isPresent();
    }

    /**
     * A registration's place in the store lane, taken before any other work for it: what cannot
     * be hashed in time is refused before it queries the database, and a caller that finds its
     * email taken leaves without hashing.
     */
    public Reservation reserveStore() {
        return new Reservation(store.admit());
    }

    /** A place in the store lane (see {@link #reserveStore}); close it when done, hashed or not. */
    public final class Reservation implements AutoCloseable {
        private final Admission admission;

        private Reservation(Admission admission) {
            this.admission = admission;
        }

        /** A new Argon2id hash of {@code password} in this place; {@link HashingRefused} when it did not come in time. */
        public String hash(String password) {
            return admission.run(() -> encode(password));
        }

        @Override
        public void close() {
            admission.close();
        }
    }

    /** A caller inside a lane, with the deadline it was admitted on; leaves the lane once, when closed. */
    private final class Admission implements AutoCloseable {
        private final Lane lane;
        private final long expectedWait;
        private final long deadline;
        private boolean closed;

        Admission(Lane lane, long expectedWait, long deadline) {
            this.lane = lane;
            this.expectedWait = expectedWait;
            this.deadline = deadline;
        }

        <T> T run(Supplier<T> work) {
            try {
                if (!lane.admitted.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw lane.refused(expectedWait);
                }
                try {
                    if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        throw lane.refused(expectedWait);
                    }
                    shares.hashStarted();
                    try {
                        T result = timed(work);
                        hashes.labelValues(lane.purpose, "done").inc();
                        return result;
                    } finally {
                        shares.hashEnded();
                        permits.release();
                    }
                } finally {
                    lane.admitted.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw lane.refused(0);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                lane.inside.decrementAndGet();
            }
        }
    }

    /** One class of work: its own cap on permits, and on callers inside it (working or waiting). */
    private final class Lane {
        private final String purpose;
        private final Semaphore admitted;
        private final int permitsOfLane;
        private final int maxInside;
        private final AtomicInteger inside = new AtomicInteger();

        Lane(String purpose, int maxPermits, int maxQueued) {
            this.purpose = purpose;
            this.admitted = new Semaphore(maxPermits, true);
            this.permitsOfLane = maxPermits;
            this.maxInside = maxPermits + maxQueued;
        }

        <T> T run(Supplier<T> work) {
            try (Admission admission = admit()) {
                return admission.run(work);
            }
        }

        /** A place in the lane, or {@link HashingRefused} at once when the expected wait is over the budget. */
        Admission admit() {
            int ahead = inside.getAndIncrement();
            long expectedWait = (ahead / permitsOfLane) * hashNanos.get();
            if (ahead >= maxInside || expectedWait > maxWaitNanos) {
                inside.decrementAndGet();
                throw refused(expectedWait);
            }
            return new Admission(this, expectedWait, System.nanoTime() + maxWaitNanos);
        }

        /**
         * Refused with a {@code Retry-After}: when a caller arriving now would fit the budget again, the
         * expected wait less the budget, in whole seconds, at least one. Never more than the budget:
         * everything admitted was expected to be done within it, so the queue drains by then.
         */
        private HashingRefused refused(long expectedWaitNanos) {
            hashes.labelValues(purpose, "refused").inc();
            long untilItFits = Math.min(expectedWaitNanos - maxWaitNanos, maxWaitNanos);
            long seconds = Math.max(1, (untilItFits + 999_999_999L) / 1_000_000_000L);
            return new HashingRefused(Duration.ofSeconds(seconds));
        }
    }
}
