package io.slipway.server.auth;

import io.dropwizard.lifecycle.Managed;

/**
 * Runs {@link PasswordHasher#warmUp} as the server starts, before its connectors open: a burst
 * right after a rollout — when clients retry — then meets compiled Argon2 and a measured hash
 * time instead of the interpreter (bench/RESULTS.md has the first hashes with and without).
 */
public final class HashingWarmUp implements Managed {

    private final PasswordHasher hasher;

    public HashingWarmUp(PasswordHasher hasher) {
        this.hasher = hasher;
    }

    @Override
    public void start() {
        hasher.warmUp();
    }
}
