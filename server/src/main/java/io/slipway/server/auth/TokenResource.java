package io.slipway.server.auth;

import io.slipway.server.contract.Contract;
import io.slipway.server.http.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
    @Operation(
            operationId = "issueToken",
            summary = "Exchange email and password for a bearer access token",
            description = "Failed attempts are limited per client address and per account and address"
                    + " (429 with Retry-After); a wrong email and a wrong password answer alike.",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "A token; it must not be stored by any cache (Cache-Control: no-store).",
                        content = @Content(schema = @Schema(implementation = TokenResponse.class)),
                        headers =
                                @Header(
                                        name = HttpHeaders.CACHE_CONTROL,
                                        description = "Always no-store (RFC 6749, section 5.1).",
                                        required = true,
                                        schema = @Schema(type = "string", allowableValues = "no-store"))),
                @ApiResponse(responseCode = "400", ref = Contract.BAD_REQUEST),
                @ApiResponse(responseCode = "401", ref = Contract.UNAUTHORIZED),
                @ApiResponse(responseCode = "406", ref = Contract.NOT_ACCEPTABLE),
                @ApiResponse(responseCode = "413", ref = Contract.PAYLOAD_TOO_LARGE),
                @ApiResponse(responseCode = "415", ref = Contract.UNSUPPORTED_MEDIA_TYPE),
                @ApiResponse(responseCode = "422", ref = Contract.VALIDATION_FAILED)
            })
    public Response issue(@Valid @NotNull TokenRequest request, @Context ContainerRequestContext http) {
        Credentials user = credentials.login(request.email(), request.password(), ClientAddress.of(http));
        // RFC 6749 section 5.1: a response carrying a token must not be stored by any cache.
        return Response.ok(tokens.issue(user.id(), user.role(), user.tokenGeneration()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
