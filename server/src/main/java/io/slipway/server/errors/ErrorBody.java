package io.slipway.server.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Objects;
import org.slf4j.MDC;

/** The one JSON shape of every error response: {@code {error, message, request_id, fields?}}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(
        @JsonProperty("error") String error,
        @JsonProperty("message") String message,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("fields") Map<String, String> fields) {

    public static final String REQUEST_ID_MDC_KEY = "request_id";

    /** A body for the request being served on this thread. */
    public static ErrorBody of(String error, String message, Map<String, String> fields) {
        return new ErrorBody(error, message, Objects.requireNonNullElse(MDC.get(REQUEST_ID_MDC_KEY), ""), fields);
    }

    /** The standard code and message of an HTTP status, for errors that carry nothing more specific. */
    public static ErrorBody forStatus(int status, String requestId) {
        return new ErrorBody(code(status), message(status), requestId, Map.of());
    }

    public Response toResponse(int status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this).build();
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 411 -> "length_required";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 422 -> "validation_failed";
            case 429 -> "too_many_requests";
            case 431 -> "headers_too_large";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "client_error";
        };
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
            default -> status >= 500 ? "internal error; quote the request_id when reporting it" : "the request was rejected";
        };
    }
}
