package io.slipway.server.auth;

import io.slipway.server.errors.ApiException;
import io.slipway.server.users.Credentials;
import io.slipway.server.users.UserRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

/** Exchanges email and password for an access token. */
@Path("/api/v1/auth/token")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class TokenResource {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final TokenService tokens;

    public TokenResource(UserRepository users, PasswordHasher hasher, TokenService tokens) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
    }

    @POST
    @Operation(summary = "Issue a bearer access token")
    public TokenResponse issue(@Valid @NotNull TokenRequest request) {
        Optional<Credentials> credentials = users.credentials(request.email());
        if (credentials.isEmpty()) {
            hasher.matchNothing(request.password());
            throw invalidCredentials();
        }
        if (!hasher.matches(request.password(), credentials.get().passwordHash())) {
            throw invalidCredentials();
        }
        return tokens.issue(credentials.get().id(), credentials.get().role());
    }

    private static ApiException invalidCredentials() {
        return new ApiException(401, "unauthorized", "invalid email or password");
    }
}
