package io.slipway.server.auth;

import io.slipway.server.errors.ApiException;
import io.slipway.server.errors.ErrorCode;
import io.slipway.server.http.ClientAddress;
import io.slipway.server.input.EmailAddress;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Every place a password is checked against a stored one — a login, or confirming the current
 * password before a change — goes through here: throttled per client and per account, hashed
 * within the server's hashing capacity, and the same amount of work whether the account exists or not.
 */
public final class CredentialCheck {

    private final Accounts users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;

    public CredentialCheck(Accounts users, PasswordHasher hasher, LoginThrottle throttle) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
    }

    /** The credentials of the user {@code email} names, if {@code password} is theirs; 401 otherwise. */
    public Credentials login(String email, String password, ClientAddress client) {
        String account = EmailAddress.normaliseOrKeep(email);
        return check(account, () -> users.credentials(account), password, client)
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "invalid email or password"));
    }

    /** Whether {@code password} is the current password of user {@code id}. */
    public boolean confirm(UUID id, String password, ClientAddress client) {
        return check("id:" + id, () -> users.credentials(id), password, client).isPresent();
    }

    private Optional<Credentials> check(
            String account, Supplier<Optional<Credentials>> lookup, String password, ClientAddress client) {
        LoginThrottle.Attempt attempt = throttle.begin(client.value(), account);
        boolean matched = false;
        try {
            Optional<Credentials> credentials = lookup.get();
            matched = hasher.verify(password, credentials.map(Credentials::passwordHash));
            return matched ? credentials : Optional.empty();
        } finally {
            if (matched) {
                attempt.succeeded();
            }
        }
    }
}
