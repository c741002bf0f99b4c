package io.slipway.server.auth;

import java.time.Duration;

/**
 * The hasher turned a password away: more are waiting than it can hash within its budget. Nothing
 * was hashed; {@link #retryAfter()} is when one arriving then would fit. A client hears it from
 * {@link HashingRefusedMapper}.
 */
public final class HashingRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    HashingRefused(Duration retryAfter) {
        super("the server is checking too many passwords at once; retry shortly", null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
