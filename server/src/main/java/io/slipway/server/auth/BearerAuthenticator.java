package io.slipway.server.auth;

import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;

/**
 * Bridges tokens into dropwizard-auth: a token authenticates its bearer only while the bearer still
 * exists and the token's generation is the bearer's current one; the role is the current role,
 * not the one the token was issued with.
 */
public final class BearerAuthenticator
        implements Authenticator<String, AuthenticatedUser>, Authorizer<AuthenticatedUser> {

    private final TokenService tokens;
    private final CallerStandings standings;

    public BearerAuthenticator(TokenService tokens, CallerStandings standings) {
        this.tokens = tokens;
        this.standings = standings;
    }

    @Override
    public Optional<AuthenticatedUser> authenticate(String token) {
        return tokens.verify(token)
                .flatMap(claims -> standings
                        .of(claims.userId())
                        .filter(standing -> standing.tokenGeneration() == claims.generation())
                        .map(standing -> new AuthenticatedUser(claims.userId(), standing.role())));
    }

    @Override
    public boolean authorize(AuthenticatedUser user, String role, ContainerRequestContext request) {
        return user.role().wireName().equals(role);
    }
}
