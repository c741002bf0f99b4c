package io.slipway.server.auth;

import io.slipway.server.http.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Exchanges email and password for an access token. */
@Path("/api/v1/auth/token")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class TokenResource {

    private final CredentialCheck credentials;
    private final TokenService tokens;

    public TokenResource(CredentialCheck credentials, TokenService tokens) {
        this.credentials = credentials;
        this.tokens = tokens;
    }

    @POST
    @Operation(summary = "Issue a bearer access token")
    public Response issue(@Valid @NotNull TokenRequest request, @Context ContainerRequestContext http) {
        Credentials user = credentials.login(request.email(), request.password(), ClientAddress.of(http));
        // RFC 6749 section 5.1: a response carrying a token must not be stored by any cache.
        return Response.ok(tokens.issue(user.id(), user.role(), user.tokenGeneration()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
