package io.slipway.server.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.slipway.server.observability.RequestIdFilter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Objects;
import org.slf4j.MDC;

/** The one JSON shape of every error response: {@code {error, message, request_id, fields?}}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(
        name = "Error",
        description = "Every error answer's body.",
        example =
                "{\"error\": \"validation_failed\", \"message\": \"name must not be blank\","
                        + " \"request_id\": \"3f0c9a3e-5b1e-4bde-9a3d-3c2f8f1b9d10\", \"fields\": {\"name\": \"must not be blank\"}}")
public record ErrorBody(
        @JsonProperty("error")
        @Schema(
                requiredMode = Schema.RequiredMode.REQUIRED,
                description = "What went wrong, for programs to branch on.")
        ErrorCode error,

        @JsonProperty("message")
        @Schema(
                requiredMode = Schema.RequiredMode.REQUIRED,
                maxLength = 2000,
                pattern = "\\S",
                description = "What went wrong and what to do about it, for people.")
        String message,

        @JsonProperty("request_id")
        @Schema(
                maxLength = 128,
                pattern = "^[A-Za-z0-9._:-]{8,128}$",
                description = "The request's X-Request-ID: quote it when reporting a problem.")
        String requestId,

        @JsonProperty("fields")
        @Schema(
                maxProperties = 50,
                description = "Each offending field, parameter or header, and what is wrong with it.")
        Map<String, String> fields) {

    /** A body for the request being served on this thread. */
    public static ErrorBody of(ErrorCode error, String message, Map<String, String> fields) {
        return new ErrorBody(error, message, Objects.requireNonNullElse(MDC.get(RequestIdFilter.MDC_KEY), ""), fields);
    }

    /** The standard code and message of an HTTP status, for errors that carry nothing more specific. */
    public static ErrorBody forStatus(int status, String requestId) {
        return new ErrorBody(ErrorCode.forStatus(status), message(status), requestId, Map.of());
    }

    public Response toResponse(int status) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(this)
                .build();
    }

    static String message(int status) {
        return switch (status) {
            case 400 -> "the request is malformed";
            case 401 -> "a valid bearer access token is required";
            case 403 -> "you are not allowed to do this";
            case 404 -> "no such resource; see /openapi.json for the API";
            case 405 -> "this method is not allowed here; see the Allow header";
            case 406 -> "only application/json responses are available";
            case 411 -> "send a Content-Length or a chunked body";
            case 413 -> "the request body is too large";
            case 414 -> "the request URI is too long";
            case 415 -> "send the body as application/json";
            case 429 -> "too many requests; see Retry-After";
            case 431 -> "the request headers are too large";
            case 503 -> "the service is unavailable; retry shortly";
            default ->
                status >= 500 ? "internal error; quote the request_id when reporting it" : "the request was rejected";
        };
    }
}
