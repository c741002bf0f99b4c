package io.slipway.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.slipway.server.database.DatabaseFailures;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.ConnectionException;

/**
 * Each caller's {@link AccountStanding}, re-read from the database at most once per
 * {@code maxAge} per caller, so a deleted, demoted or re-passworded user loses access within
 * {@code maxAge} on every pod, without a database round trip per request. Writes on this pod
 * {@link #forget} at once.
 *
 * <p>A database that cannot answer must not stop the requests it is not needed for (cached reads):
 * a caller whose standing is known waits at most {@link #PATIENCE} for its re-read, then goes on
 * with the known one while the re-read finishes in the background; a failed re-read keeps the known
 * standing for up to {@link #STALE_IF_UNREACHABLE} (no revocation can commit while the database is
 * down anyway). After that, or with nothing known, the caller waits for the read, at most
 * {@link #MAX_WAIT}, and its failure propagates (the unhandled-exception mapper answers 503 for
 * an unreachable database). This is stale-while-revalidate with a bound on the wait, so a healthy
 * database still revokes within {@code maxAge}: its re-read answers well within the patience.
 */
public final class CallerStandings {

    static final Duration STALE_IF_UNREACHABLE = Duration.ofMinutes(1);
    static final Duration PATIENCE = Duration.ofMillis(250);
    /** The longest a caller with nothing to fall back on waits (the request budget): reads queue behind a silent database. */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final Function<UUID, Optional<AccountStanding>> source;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final Executor reads;
    private final Cache<UUID, Known> known;
    private final ConcurrentMap<UUID, CompletableFuture<Known>> reading = new ConcurrentHashMap<>();
    /** Counts {@link #forget}s: a read that began before one may hold what the write replaced, so it is not kept. */
    private final AtomicLong forgets = new AtomicLong();

    private record Known(Optional<AccountStanding> standing, long readAt) {}

    /**
     * @param reads runs the database reads; a caller waits for one only as long as the rules above say
     */
    public CallerStandings(
            Function<UUID, Optional<AccountStanding>> source, Duration maxAge, LongSupplier nanoTime, Executor reads) {
        this.source = source;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
        this.reads = reads;
        this.known = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(STALE_IF_UNREACHABLE.plus(maxAge))
                .build();
    }

    /** The standing of user {@code id}: empty when the user no longer exists. */
    public Optional<AccountStanding> of(UUID id) {
        Known cached = known.getIfPresent(id);
        if (cached != null && nanoTime.getAsLong() - cached.readAt() < maxAgeNanos) {
            return cached.standing();
        }
        boolean fallBack = cached != null && nanoTime.getAsLong() - cached.readAt() < STALE_IF_UNREACHABLE.toNanos();
        CompletableFuture<Known> read = read(id);
        try {
            return read.get((fallBack ? PATIENCE : MAX_WAIT).toNanos(), TimeUnit.NANOSECONDS)
                    .standing();
        } catch (TimeoutException e) {
            if (fallBack) {
                return cached.standing();
            }
            throw new ConnectionException(
                    new SQLTransientConnectionException("no standing read within " + MAX_WAIT.toSeconds() + " s"));
        } catch (ExecutionException e) {
            RuntimeException failure =
                    e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
            if (fallBack && DatabaseFailures.isUnavailable(failure)) {
                return cached.standing();
            }
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the standing of " + id, e);
        }
    }

    /** Drops what is known of {@code id}, after a write on this pod changed it. */
    public void forget(UUID id) {
        forgets.incrementAndGet();
        reading.remove(id);
        known.invalidate(id);
    }

    /** The read of {@code id} in flight, or a new one: one per user at a time, whoever waits for it. */
    private CompletableFuture<Known> read(UUID id) {
        CompletableFuture<Known> mine = new CompletableFuture<>();
        CompletableFuture<Known> running = reading.putIfAbsent(id, mine);
        if (running != null) {
            return running;
        }
        long forgetsBefore = forgets.get();
        reads.execute(() -> {
            try {
                Known read = new Known(source.apply(id), nanoTime.getAsLong());
                if (forgets.get() == forgetsBefore) {
                    known.put(id, read);
                }
                mine.complete(read);
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            } finally {
                reading.remove(id, mine);
            }
        });
        return mine;
    }
}
