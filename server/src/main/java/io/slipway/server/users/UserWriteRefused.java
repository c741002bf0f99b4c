package io.slipway.server.users;

/**
 * Why {@link UserRepository} did not write: the repository speaks of users and versions only; what
 * a client is told (status, {@code If-Match}, the offending field) is {@link UserWriteRefusedMapper}'s.
 */
public abstract sealed class UserWriteRefused extends RuntimeException
        permits UserWriteRefused.NotFound, UserWriteRefused.StaleVersion, UserWriteRefused.EmailTaken {

    private static final long serialVersionUID = 1L;

    private UserWriteRefused(String message) {
        super(message, null, false, false);
    }

    /** No such user (any more). */
    public static final class NotFound extends UserWriteRefused {
        private static final long serialVersionUID = 1L;

        NotFound() {
            super("user not found");
        }
    }

    /** The caller's version is not the current one. */
    public static final class StaleVersion extends UserWriteRefused {
        private static final long serialVersionUID = 1L;
        private final int currentVersion;

        StaleVersion(int currentVersion) {
            super("stale version; now " + currentVersion);
            this.currentVersion = currentVersion;
        }

        public int currentVersion() {
            return currentVersion;
        }
    }

    /** Another user has this email. */
    public static final class EmailTaken extends UserWriteRefused {
        private static final long serialVersionUID = 1L;

        EmailTaken() {
            super("a user with this email already exists");
        }
    }
}
