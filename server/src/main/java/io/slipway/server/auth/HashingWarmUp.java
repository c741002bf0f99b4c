package io.slipway.server.auth;

import io.dropwizard.lifecycle.Managed;
import java.util.concurrent.CompletableFuture;

/**
 * Runs {@link PasswordHasher#warmUp} so that a burst right after a rollout — when clients retry —
 * meets a loaded Argon2 library and a measured hash time instead of a guess. It begins on its own thread as soon as the hasher exists,
 * alongside the rest of the start (the pool, migrations, Jersey) on the other core, and the
 * connectors open only once it is done ({@link #start} waits): it used to run after all of that,
 * alone on the main thread, adding its whole second to every start.
 */
public final class HashingWarmUp implements Managed {

    private final CompletableFuture<Void> done;

    private HashingWarmUp(CompletableFuture<Void> done) {
        this.done = done;
    }

    /** Starts warming {@code hasher} now. */
    public static HashingWarmUp begin(PasswordHasher hasher) {
        return new HashingWarmUp(CompletableFuture.runAsync(hasher::warmUp, work -> {
            Thread thread = new Thread(work, "hashing-warm-up");
            thread.setDaemon(true);
            thread.start();
        }));
    }

    /** Waits for the warm-up: the server serves nothing before it is done. */
    @Override
    public void start() {
        done.join();
    }
}
