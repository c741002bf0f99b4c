package io.slipway.server.users;

import io.dropwizard.auth.Auth;
import io.slipway.server.auth.AuthenticatedUser;
import io.slipway.server.auth.CredentialCheck;
import io.slipway.server.contract.Contract;
import io.slipway.server.errors.ApiException;
import io.slipway.server.errors.ErrorCode;
import io.slipway.server.http.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The users API's writes and listing. Thin: authorisation and HTTP headers here, everything else in
 * {@link Users}. Reads of one user ({@code GET /{id}}, {@code GET /me}) are
 * {@link UserReadEndpoint}, in front of Jersey.
 */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UserResource {

    private static final Pattern ENTITY_TAG = Pattern.compile("^(?:W/)?\"(\\d{1,9})\"$");
    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private static final int MIN_LIMIT = 1;
    private static final int MAX_LIMIT = 200;

    private final Users users;
    private final CredentialCheck credentials;

    public UserResource(Users users, CredentialCheck credentials) {
        this.users = users;
        this.credentials = credentials;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "registerUser",
            summary = "Register a user",
            description = "Anyone may register; the new user has the role `user`. The email is stored in its"
                    + " normalised form (lower-case domain) and must not be registered already.",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "Registered: the new user, at Location.",
                        content = @Content(schema = @Schema(implementation = User.class)),
                        headers = {
                            @Header(
                                    name = HttpHeaders.LOCATION,
                                    description = "The new user's URL (GET it with a token).",
                                    required = true,
                                    schema = @Schema(type = "string", format = "uri", maxLength = 2048)),
                            @Header(name = HttpHeaders.ETAG, ref = Contract.ETAG)
                        }),
                @ApiResponse(responseCode = "400", ref = Contract.BAD_REQUEST),
                @ApiResponse(responseCode = "406", ref = Contract.NOT_ACCEPTABLE),
                @ApiResponse(responseCode = "409", ref = Contract.CONFLICT),
                @ApiResponse(responseCode = "413", ref = Contract.PAYLOAD_TOO_LARGE),
                @ApiResponse(responseCode = "415", ref = Contract.UNSUPPORTED_MEDIA_TYPE),
                @ApiResponse(responseCode = "422", ref = Contract.VALIDATION_FAILED)
            })
    public Response register(@Valid @NotNull NewUser request, @Context UriInfo uri) {
        User user = users.register(request);
        return withTag(
                Response.created(
                        uri.getAbsolutePathBuilder().path(user.id().toString()).build()),
                user);
    }

    @GET
    @RolesAllowed("admin")
    @Operation(
            operationId = "listUsers",
            summary = "List users, in id order (admins only)",
            description = "A page at a time: pass the page's next_cursor as cursor for the next one; the last"
                    + " page has no next_cursor.",
            security = @SecurityRequirement(name = "bearer"),
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "One page of users.",
                        content = @Content(schema = @Schema(implementation = UsersPage.class))),
                @ApiResponse(responseCode = "401", ref = Contract.UNAUTHORIZED),
                @ApiResponse(responseCode = "403", ref = Contract.FORBIDDEN),
                @ApiResponse(responseCode = "406", ref = Contract.NOT_ACCEPTABLE),
                @ApiResponse(responseCode = "422", ref = Contract.VALIDATION_FAILED)
            })
    public UsersPage list(
            @Parameter(hidden = true) @Auth AuthenticatedUser caller,
            @Parameter(
                            description = "Page size.",
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            minimum = "" + MIN_LIMIT,
                                            maximum = "" + MAX_LIMIT,
                                            defaultValue = "50"))
                    @QueryParam("limit")
                    @DefaultValue("50")
                    String limit,
            @Parameter(
                            description = "The next_cursor of the previous page; absent for the first.",
                            schema = @Schema(type = "string", format = "uuid", maxLength = 36))
                    @QueryParam("cursor")
                    String cursor) {
        Optional<UUID> after = Optional.ofNullable(cursor)
                .filter(c -> !c.isEmpty())
                .map(c -> parseQueryId(c, "cursor", "not a cursor from next_cursor"));
        return users.page(after, pageSize(limit));
    }

    @PATCH
    @Path("/{id}")
    @PermitAll
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH_JSON})
    @Operation(
            operationId = "updateUser",
            summary = "Change a user's name or password (yourself, or anyone as an admin)",
            description = "A JSON merge patch: absent fields stay as they are. Conditional on If-Match. Changing"
                    + " your own password takes current_password too, and ends every token issued before.",
            security = @SecurityRequirement(name = "bearer"),
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "Changed: the user as it is now, with its new ETag.",
                        content = @Content(schema = @Schema(implementation = User.class)),
                        headers = @Header(name = HttpHeaders.ETAG, ref = Contract.ETAG)),
                @ApiResponse(responseCode = "400", ref = Contract.BAD_REQUEST),
                @ApiResponse(responseCode = "401", ref = Contract.UNAUTHORIZED),
                @ApiResponse(responseCode = "403", ref = Contract.FORBIDDEN),
                @ApiResponse(responseCode = "404", ref = Contract.NOT_FOUND),
                @ApiResponse(responseCode = "406", ref = Contract.NOT_ACCEPTABLE),
                @ApiResponse(responseCode = "412", ref = Contract.PRECONDITION_FAILED),
                @ApiResponse(responseCode = "413", ref = Contract.PAYLOAD_TOO_LARGE),
                @ApiResponse(responseCode = "415", ref = Contract.UNSUPPORTED_MEDIA_TYPE),
                @ApiResponse(responseCode = "422", ref = Contract.VALIDATION_FAILED),
                @ApiResponse(responseCode = "428", ref = Contract.PRECONDITION_REQUIRED)
            })
    public Response update(
            @Parameter(hidden = true) @Auth AuthenticatedUser caller,
            @Parameter(
                            description = "The user's id.",
                            schema = @Schema(type = "string", format = "uuid", maxLength = 36))
                    @PathParam("id")
                    String id,
            @Parameter(
                            required = true,
                            description = Contract.IF_MATCH,
                            schema = @Schema(ref = Contract.IF_MATCH_SCHEMA))
                    @HeaderParam(HttpHeaders.IF_MATCH)
                    String ifMatch,
            @Valid @NotNull UserPatch patch,
            @Context ContainerRequestContext request) {
        UUID target = parseId(id, "id");
        caller.requireSelfOrAdmin(target);
        if (patch.isEmpty()) {
            throw new ApiException(
                    ErrorCode.VALIDATION_FAILED,
                    "nothing to change: give name and/or password",
                    Map.of("body", "must contain name or password"));
        }
        if (patch.newPassword().isPresent() && target.equals(caller.id())) {
            confirmCurrentPassword(target, patch, ClientAddress.of(request));
        }
        return withTag(Response.ok(), users.update(target, expectedVersion(ifMatch), patch));
    }

    /** Changing one's own password takes the current one, so a stolen token cannot take over the account. */
    private void confirmCurrentPassword(UUID target, UserPatch patch, ClientAddress client) {
        String current = patch.givenCurrentPassword()
                .orElseThrow(() -> new ApiException(
                        ErrorCode.VALIDATION_FAILED,
                        "changing your own password needs current_password",
                        Map.of("current_password", "required when changing your own password")));
        if (!credentials.confirm(target, current, client)) {
            throw new ApiException(
                    ErrorCode.FORBIDDEN,
                    "current_password is not your current password",
                    Map.of("current_password", "does not match"));
        }
    }

    @DELETE
    @Path("/{id}")
    @PermitAll
    @Operation(
            operationId = "deleteUser",
            summary = "Delete a user (yourself, or anyone as an admin)",
            description = "Conditional on If-Match. Every token of the user stops working at once.",
            security = @SecurityRequirement(name = "bearer"),
            responses = {
                @ApiResponse(responseCode = "204", description = "Deleted; no body."),
                @ApiResponse(responseCode = "400", ref = Contract.BAD_REQUEST),
                @ApiResponse(responseCode = "401", ref = Contract.UNAUTHORIZED),
                @ApiResponse(responseCode = "403", ref = Contract.FORBIDDEN),
                @ApiResponse(responseCode = "404", ref = Contract.NOT_FOUND),
                @ApiResponse(responseCode = "406", ref = Contract.NOT_ACCEPTABLE),
                @ApiResponse(responseCode = "412", ref = Contract.PRECONDITION_FAILED),
                @ApiResponse(responseCode = "428", ref = Contract.PRECONDITION_REQUIRED)
            })
    public Response delete(
            @Parameter(hidden = true) @Auth AuthenticatedUser caller,
            @Parameter(
                            description = "The user's id.",
                            schema = @Schema(type = "string", format = "uuid", maxLength = 36))
                    @PathParam("id")
                    String id,
            @Parameter(
                            required = true,
                            description = Contract.IF_MATCH,
                            schema = @Schema(ref = Contract.IF_MATCH_SCHEMA))
                    @HeaderParam(HttpHeaders.IF_MATCH)
                    String ifMatch) {
        UUID target = parseId(id, "id");
        caller.requireSelfOrAdmin(target);
        users.delete(target, expectedVersion(ifMatch));
        return Response.noContent().build();
    }

    private static Response withTag(Response.ResponseBuilder response, User user) {
        return response.entity(user).header(HttpHeaders.ETAG, user.etag()).build();
    }

    /** A user id from the path; an unparseable one is a user that does not exist. */
    static UUID parseId(String value, String field) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.NOT_FOUND, "user not found", Map.of(field, "not a user id"));
        }
    }

    /** Parsed here rather than by JAX-RS, which answers an unparseable number with 404. */
    private static int pageSize(String limit) {
        String problem = "must be a whole number from " + MIN_LIMIT + " to " + MAX_LIMIT;
        if (!limit.matches("\\d{1,3}") || Integer.parseInt(limit) < MIN_LIMIT || Integer.parseInt(limit) > MAX_LIMIT) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "limit " + problem, Map.of("limit", problem));
        }
        return Integer.parseInt(limit);
    }

    private static UUID parseQueryId(String value, String field, String problem) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, field + " " + problem, Map.of(field, problem));
        }
    }

    /**
     * The version a write is conditional on. Every write names one, so no change is ever lost
     * without the writer having seen it; {@code *} says, explicitly, "whatever is current".
     */
    private static OptionalInt expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ApiException(
                    ErrorCode.PRECONDITION_REQUIRED,
                    "this write needs If-Match: send the ETag of your last read (e.g. If-Match: \"3\"), or If-Match: *"
                            + " to change whatever the current version is",
                    Map.of("If-Match", "required"));
        }
        if (ifMatch.trim().equals("*")) {
            return OptionalInt.empty();
        }
        Matcher m = ENTITY_TAG.matcher(ifMatch.trim());
        if (!m.matches()) {
            throw new ApiException(
                    ErrorCode.BAD_REQUEST,
                    "If-Match must be an entity tag such as \"3\" from a previous ETag",
                    Map.of("If-Match", "not an entity tag"));
        }
        return OptionalInt.of(Integer.parseInt(m.group(1)));
    }
}
