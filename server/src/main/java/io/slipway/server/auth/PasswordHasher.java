package io.slipway.server.auth;

import com.google.common.base.Suppliers;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slipway.server.errors.ApiException;
import io.slipway.server.errors.ErrorCode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id at OWASP's first recommended setting (19 MiB memory, 2 iterations, 1 lane), stored as a
 * self-describing PHC string so parameters can be raised later.
 *
 * <p>Each hash holds 19 MiB and a core while it runs, so every one of them — a registration, a
 * password change, a login, and the decoy check for an unknown email — takes one of
 * {@code concurrency} permits. Two lanes share the permits: {@link #hash} (storing a new password)
 * may hold at most {@code concurrency - 1} of them (at least one), so with two or more permits a
 * registration flood always leaves one for {@link #verify} (logins). A caller waits at most {@code maxWait} behind at most
 * {@code maxQueued} others in its lane; beyond that it is refused at once with 503 and
 * {@code Retry-After}, instead of queueing for seconds.
 */
public final class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int PARALLELISM = 1;
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Argon2PasswordEncoder encoder =
            new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, MEMORY_KIB, ITERATIONS);
    private final Semaphore permits;
    private final Lane store;
    private final Lane verify;
    private final long maxWaitNanos;
    private final Counter hashes;
    /**
     * A real hash of a password nobody has, checked when the email is unknown so both paths cost the
     * same; made on the first such login rather than at startup, where it cost a cold Argon2id run.
     */
    private final Supplier<String> decoy = Suppliers.memoize(() -> encoder.encode("no user has this password"));

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

    /** For the command line: the defaults, with metrics nobody scrapes. */
    public PasswordHasher() {
        this(new HashingSettings(), new PrometheusRegistry());
    }

    /** A new Argon2id hash of {@code password}; 503 when hashing capacity is exhausted. */
    public String hash(String password) {
        return store.run(() -> encoder.encode(password));
    }

    /**
     * Whether {@code password} matches {@code storedHash}; with no stored hash (unknown email) the
     * decoy is checked instead, at the same cost, and the answer is {@code false}.
     */
    public boolean verify(String password, Optional<String> storedHash) {
        boolean matches = verify.run(() -> encoder.matches(password, storedHash.orElseGet(decoy)));
        return matches && storedHash.isPresent();
    }

    /** One class of work: its own cap on permits, and on callers inside it (working or waiting). */
    private final class Lane {
        private final String purpose;
        private final Semaphore admitted;
        private final int maxInside;
        private final AtomicInteger inside = new AtomicInteger();

        Lane(String purpose, int maxPermits, int maxQueued) {
            this.purpose = purpose;
            this.admitted = new Semaphore(maxPermits, true);
            this.maxInside = maxPermits + maxQueued;
        }

        <T> T run(Supplier<T> work) {
            try {
                if (inside.incrementAndGet() > maxInside) {
                    throw refused();
                }
                long deadline = System.nanoTime() + maxWaitNanos;
                if (!admitted.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                    throw refused();
                }
                try {
                    if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        throw refused();
                    }
                    try {
                        T result = work.get();
                        hashes.labelValues(purpose, "done").inc();
                        return result;
                    } finally {
                        permits.release();
                    }
                } finally {
                    admitted.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw refused();
            } finally {
                inside.decrementAndGet();
            }
        }

        private ApiException refused() {
            hashes.labelValues(purpose, "refused").inc();
            return ApiException.unavailable(
                    ErrorCode.BUSY, "the server is checking too many passwords at once; retry shortly", RETRY_AFTER);
        }
    }
}
