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

    public Response toResponse(int status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this).build();
    }
}
