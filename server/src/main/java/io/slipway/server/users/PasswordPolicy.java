package io.slipway.server.users;

import java.util.Optional;

/**
 * The one rule for a password, wherever one is set (sign-up, a change, the bootstrap admin,
 * {@code create-admin}): 12 to 128 characters, as OWASP's ASVS asks (no composition rules; the
 * upper bound keeps one hash's input bounded). The API's {@code @Size} reads the same constants.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    private PasswordPolicy() {}

    public static boolean allows(String password) {
        return password.length() >= MIN_LENGTH && password.length() <= MAX_LENGTH;
    }

    /** Why {@code password} is refused, as "must be at least 12 characters"; empty when it is allowed. */
    public static Optional<String> problem(String password) {
        if (password.length() < MIN_LENGTH) {
            return Optional.of("must be at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        return Optional.empty();
    }
}
