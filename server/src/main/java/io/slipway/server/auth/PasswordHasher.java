package io.slipway.server.auth;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id at OWASP's first recommended setting (19 MiB memory, 2 iterations, 1 lane),
 * stored as a self-describing PHC string so parameters can be raised later.
 */
public final class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int PARALLELISM = 1;
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;

    private final Argon2PasswordEncoder encoder =
            new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, MEMORY_KIB, ITERATIONS);
    /**
     * Each hash holds 19 MiB and a core for its duration: more hashes at once than cores only
     * multiplies heap, so callers queue here instead of exhausting memory under a burst.
     */
    private final Semaphore slots = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

    public String hash(String password) {
        return bounded(() -> encoder.encode(password));
    }

    public boolean matches(String password, String hash) {
        return bounded(() -> encoder.matches(password, hash));
    }

    private <T> T bounded(Supplier<T> work) {
        slots.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }

    /** Burns the same time as a real check, so an unknown email is not told apart by latency. */
    public void matchNothing(String password) {
        encoder.matches(password, DummyHash.VALUE);
    }

    private static final class DummyHash {
        static final String VALUE = new PasswordHasher().hash("no user has this password");
    }
}
