package io.slipway.server.auth;

import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;

/** Bridges {@link TokenService} into dropwizard-auth: authentication from the token, roles from its claim. */
public final class BearerAuthenticator implements Authenticator<String, AuthenticatedUser>, Authorizer<AuthenticatedUser> {

    private final TokenService tokens;

    public BearerAuthenticator(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<AuthenticatedUser> authenticate(String token) {
        return tokens.verify(token);
    }

    @Override
    public boolean authorize(AuthenticatedUser user, String role, ContainerRequestContext request) {
        return user.role().wireName().equals(role);
    }
}
