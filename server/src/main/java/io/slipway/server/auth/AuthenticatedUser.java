package io.slipway.server.auth;

import io.slipway.server.errors.ApiException;
import java.security.Principal;
import java.util.UUID;

/** The caller, as proven by a valid access token. */
public record AuthenticatedUser(UUID id, Role role) implements Principal {

    @Override
    public String getName() {
        return id.toString();
    }

    /** A user may act on itself; an admin on anyone. */
    public void requireSelfOrAdmin(UUID target) {
        if (!id.equals(target) && role != Role.ADMIN) {
            throw ApiException.forbidden("you may only act on your own user");
        }
    }
}
