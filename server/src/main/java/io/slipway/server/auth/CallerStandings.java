package io.slipway.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.slipway.server.database.DatabaseFailures;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Each caller's {@link AccountStanding}, re-read from the database at most once per
 * {@code maxAge} per caller, so a deleted, demoted or re-passworded user loses access within
 * {@code maxAge} on every pod, without a database round trip per request. Writes on this pod
 * {@link #forget} at once.
 *
 * <p>While the database cannot be reached the last known standing is kept for up to
 * {@link #STALE_IF_UNREACHABLE}: no revocation can commit while the database is down, and cached
 * reads keep working through a short outage. After that, or with nothing known, the failure
 * propagates (the unhandled-exception mapper answers 503 for an unreachable database).
 */
public final class CallerStandings {

    static final Duration STALE_IF_UNREACHABLE = Duration.ofMinutes(1);

    private final Function<UUID, Optional<AccountStanding>> source;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final Cache<UUID, Known> known;

    private record Known(Optional<AccountStanding> standing, long readAt) {}

    public CallerStandings(Function<UUID, Optional<AccountStanding>> source, Duration maxAge, LongSupplier nanoTime) {
        this.source = source;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
        this.known = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(STALE_IF_UNREACHABLE.plus(maxAge))
                .build();
    }

    /** The standing of user {@code id}: empty when the user no longer exists. */
    public Optional<AccountStanding> of(UUID id) {
        Known cached = known.getIfPresent(id);
        if (cached != null && isFresh(cached)) {
            return cached.standing();
        }
        // compute() runs one read per user at a time; the others wait for it and see its result.
        return known.asMap()
                .compute(id, (key, previous) -> previous != null && isFresh(previous) ? previous : read(key, previous))
                .standing();
    }

    /** Drops what is known of {@code id}, after a write on this pod changed it. */
    public void forget(UUID id) {
        known.invalidate(id);
    }

    private Known read(UUID id, Known previous) {
        try {
            return new Known(source.apply(id), nanoTime.getAsLong());
        } catch (RuntimeException e) {
            if (previous != null
                    && DatabaseFailures.isUnavailable(e)
                    && nanoTime.getAsLong() - previous.readAt() < STALE_IF_UNREACHABLE.toNanos()) {
                return previous;
            }
            throw e;
        }
    }

    private boolean isFresh(Known entry) {
        return nanoTime.getAsLong() - entry.readAt() < maxAgeNanos;
    }
}
