package io.slipway.server.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.slipway.server.observability.RequestIdFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Objects;
import org.slf4j.MDC;

/** The one JSON shape of every error response: {@code {error, message, request_id, fields?}}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(
        @JsonProperty("error") ErrorCode error,
        @JsonProperty("message") String message,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("fields") Map<String, String> fields) {

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
