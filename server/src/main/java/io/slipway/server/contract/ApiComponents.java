package io.slipway.server.contract;

import io.slipway.server.errors.ErrorBody;
import io.slipway.server.observability.RequestIdFilter;
import io.slipway.server.ratelimit.RateLimitFilter;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every operation of the API shares, defined once: the error responses (one body, {@link
 * ErrorBody}), the headers the server sets on them, and the bearer scheme. Operations refer to these
 * by name ({@code #/components/responses/NotFound}), from their annotations and from {@link
 * OpenApiDocument}.
 */
final class ApiComponents {

    static final String BEARER = "bearer";

    /** Every error status the API answers, by the name operations refer to it with. */
    enum ErrorResponse {
        BAD_REQUEST(
                Contract.BAD_REQUEST,
                400,
                "The request is malformed: a body that is not JSON, or a header such as If-Match that is not well-formed."),
        UNAUTHORIZED(
                Contract.UNAUTHORIZED,
                401,
                "No valid bearer token, or (for a token request) a wrong email or password."),
        FORBIDDEN(
                Contract.FORBIDDEN,
                403,
                "The token is valid but its user may not do this (not yourself and not an admin), or current_password is wrong."),
        NOT_FOUND(Contract.NOT_FOUND, 404, "No such user (an id that is not a UUID names no user either)."),
        NOT_ACCEPTABLE(
                Contract.NOT_ACCEPTABLE, 406, "The Accept header allows no JSON; every answer is application/json."),
        CONFLICT(Contract.CONFLICT, 409, "The email address is already registered."),
        PRECONDITION_FAILED(
                Contract.PRECONDITION_FAILED,
                412,
                "If-Match names a version that is no longer current: read the user again and retry with its ETag."),
        PAYLOAD_TOO_LARGE(
                Contract.PAYLOAD_TOO_LARGE, 413, "The body is larger than the server accepts (1 MiB by default)."),
        UNSUPPORTED_MEDIA_TYPE(
                Contract.UNSUPPORTED_MEDIA_TYPE,
                415,
                "The body is not application/json (or application/merge-patch+json where accepted)."),
        VALIDATION_FAILED(
                Contract.VALIDATION_FAILED,
                422,
                "A field is missing, unknown or out of range; `fields` names each one and says why."),
        PRECONDITION_REQUIRED(
                Contract.PRECONDITION_REQUIRED,
                428,
                "A write without If-Match: send the ETag of your last read, or * to change whatever is current."),
        TOO_MANY_REQUESTS(
                Contract.TOO_MANY_REQUESTS,
                429,
                "The caller's allowance is used up (per user with a token, per client address without; failed logins have their own, stricter limit). Retry after Retry-After seconds."),
        INTERNAL_ERROR(Contract.INTERNAL_ERROR, 500, "An unexpected failure; quote request_id when reporting it."),
        UNAVAILABLE(
                Contract.UNAVAILABLE,
                503,
                "A dependency (the database) cannot answer now, or the server's password hashing is saturated. Retry after Retry-After seconds.");

        final String ref;
        final String status;
        final String description;

        ErrorResponse(String ref, int status, String description) {
            this.ref = ref;
            this.status = Integer.toString(status);
            this.description = description;
        }

        String componentName() {
            return ref.substring(ref.lastIndexOf('/') + 1);
        }

        boolean retryable() {
            return this == TOO_MANY_REQUESTS || this == UNAVAILABLE;
        }
    }

    static final String RATE_LIMIT = RateLimitFilter.STATE_HEADER;
    static final String RATE_LIMIT_POLICY = RateLimitFilter.POLICY_HEADER;
    static final String RETRY_AFTER = "Retry-After";
    static final String REQUEST_ID = RequestIdFilter.HEADER;
    static final String ETAG = "ETag";
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";

    private ApiComponents() {}

    static Components build() {
        Components components = new Components()
                .addSecuritySchemes(
                        BEARER,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description(
                                        "An access token from POST /api/v1/auth/token, sent as `Authorization: Bearer"
                                                + " <token>`. A JWS signed with HS256 by a key named in its `kid` header,"
                                                + " conforming to RFC8725 (JSON Web Token Best Current Practices): the"
                                                + " algorithm is fixed by the server, never taken from the token (`alg: none`"
                                                + " is refused), and issuer, audience and expiry are always checked. It"
                                                + " expires after `expires_in` seconds and stops working at once when its"
                                                + " user changes password, is deleted or has its role changed."));
        ModelConverters.getInstance().readAll(ErrorBody.class).forEach(components::addSchemas);
        // Each field's problem, as bounded as the message (the model reader gives a map's values no limits).
        Schema<?> fields =
                (Schema<?>) components.getSchemas().get("Error").getProperties().get("fields");
        fields.additionalProperties(new StringSchema().maxLength(2000).pattern("\\S"));
        headers().forEach(components::addHeaders);
        components.addSchemas(
                "IfMatch",
                new StringSchema()
                        .maxLength(13)
                        .pattern("^(\\*|(W/)?\"[0-9]{1,9}\")$")
                        .description("An entity tag from ETag, or *")
                        .example("\"3\""));
        for (ErrorResponse error : ErrorResponse.values()) {
            components.addResponses(error.componentName(), errorResponse(error));
        }
        return components;
    }

    private static Map<String, Header> headers() {
        Map<String, Header> headers = new LinkedHashMap<>();
        headers.put(
                RATE_LIMIT_POLICY,
                header(
                        "The caller's limit (IETF draft-ietf-httpapi-ratelimit-headers): its policy, \"user\" with a valid"
                                + " token or \"address\" without; q, the requests allowed per w seconds.",
                        structuredField("\"user\";q=600;w=60")));
        headers.put(
                RATE_LIMIT,
                header(
                        "Where the caller stands: r, the requests left; t, the seconds until the allowance is full"
                                + " again. Every answer carries it, refusals included.",
                        structuredField("\"user\";r=599;t=1")));
        headers.put(
                RETRY_AFTER,
                header(
                        "Seconds to wait before retrying.",
                        new IntegerSchema()
                                .format("int32")
                                .minimum(BigDecimal.ONE)
                                .maximum(BigDecimal.valueOf(86_400))
                                .example(3)));
        headers.put(
                REQUEST_ID,
                header(
                        "This request's id: the caller's own X-Request-ID when it sent a sane one, otherwise a new"
                                + " one; also in every log line and error body of the request.",
                        new StringSchema()
                                .minLength(8)
                                .maxLength(128)
                                .pattern("^[A-Za-z0-9._:-]{8,128}$")
                                .example("3f0c9a3e-5b1e-4bde-9a3d-3c2f8f1b9d10")));
        headers.put(
                ETAG,
                header(
                        "The user's current version as a strong entity tag; send it back in If-Match to change or delete"
                                + " exactly this version.",
                        new StringSchema()
                                .maxLength(11)
                                .pattern("^\"[0-9]{1,9}\"$")
                                .example("\"3\"")));
        headers.put(
                ALLOW_ORIGIN,
                new Header()
                        .description("The request's Origin, echoed when it is one of the origins this environment"
                                + " allows (its corsOrigins); absent otherwise, and for requests without Origin.")
                        .required(false)
                        .schema(new StringSchema().format("uri").maxLength(2048).example("https://platform.io")));
        return headers;
    }

    @SuppressWarnings("unchecked") // swagger-models' fluent setters return a raw Schema
    private static Schema<String> structuredField(String example) {
        return new StringSchema()
                .maxLength(200)
                .pattern("^\"[a-z]+\";[a-z]=[0-9]+;[a-z]=[0-9]+$")
                .example(example);
    }

    private static Header header(String description, Schema<?> schema) {
        return new Header().description(description).required(true).schema(schema);
    }

    static Header headerRef(String name) {
        return new Header().$ref("#/components/headers/" + name);
    }

    /** The headers every answer of a limited operation carries. */
    static void addCommonHeaders(ApiResponse response, String status) {
        if (status.startsWith("2") || status.startsWith("4")) {
            response.addHeaderObject(RATE_LIMIT_POLICY, headerRef(RATE_LIMIT_POLICY));
            response.addHeaderObject(RATE_LIMIT, headerRef(RATE_LIMIT));
        }
        response.addHeaderObject(REQUEST_ID, headerRef(REQUEST_ID));
        response.addHeaderObject(ALLOW_ORIGIN, headerRef(ALLOW_ORIGIN));
    }

    private static ApiResponse errorResponse(ErrorResponse error) {
        ApiResponse response = new ApiResponse()
                .description(error.description)
                .content(new Content()
                        .addMediaType(
                                "application/json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Error"))));
        addCommonHeaders(response, error.status);
        if (error.retryable()) {
            response.addHeaderObject(RETRY_AFTER, headerRef(RETRY_AFTER));
        }
        if (error == ErrorResponse.UNAUTHORIZED) {
            response.addHeaderObject(
                    "WWW-Authenticate",
                    new Header()
                            .description(
                                    "The scheme to authenticate with (RFC 6750), on refusals of a missing or invalid token.")
                            .schema(new StringSchema()
                                    .maxLength(200)
                                    .pattern("^Bearer")
                                    .example("Bearer realm=\"slipway\"")));
        }
        return response;
    }
}
