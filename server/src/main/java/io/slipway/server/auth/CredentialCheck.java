package io.slipway.server.auth;

import io.slipway.server.errors.ApiException;
import io.slipway.server.errors.ErrorCode;
import io.slipway.server.http.ClientAddresses;
import io.slipway.server.input.EmailAddress;
import jakarta.servlet.http.HttpServletRequest;
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
    private final ClientAddresses clients;

    public CredentialCheck(Accounts users, PasswordHasher hasher, LoginThrottle throttle, ClientAddresses clients) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.clients = clients;
    }

    /** The credentials of the user {@code email} names, if {@code password} is theirs; 401 otherwise. */
    public Credentials login(String email, String password, HttpServletRequest request) {
        String account = EmailAddress.normaliseOrKeep(email);
        return check(account, () -> users.credentials(account), password, request)
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "invalid email or password"));
    }

    /** Whether {@code password} is the current password of user {@code id}. */
    public boolean confirm(UUID id, String password, HttpServletRequest request) {
        return check("id:" + id, () -> users.credentials(id), password, request).isPresent();
    }

    private Optional<Credentials> check(
            String account, Supplier<Optional<Credentials>> lookup, String password, HttpServletRequest request) {
        LoginThrottle.Attempt attempt = throttle.begin(clients.of(request), account);
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
