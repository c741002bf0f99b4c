package io.slipway.server.errors;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A failure the client can act on. Rendered by {@link ApiExceptionMapper} as the standard error body;
 * {@code fields} names the offending request fields, if any.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final Map<String, String> fields;
    private final Optional<Duration> retryAfter;

    private ApiException(int status, String error, String message, Map<String, String> fields,
                         Optional<Duration> retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.fields = Map.copyOf(fields);
        this.retryAfter = retryAfter;
    }

    public ApiException(int status, String error, String message, Map<String, String> fields) {
        this(status, error, message, fields, Optional.empty());
    }

    public ApiException(int status, String error, String message) {
        this(status, error, message, Map.of());
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    /** 429: this client must slow down; {@code Retry-After} says for how long. */
    public static ApiException tooManyRequests(String message, Duration retryAfter) {
        return new ApiException(429, "too_many_requests", message, Map.of(), Optional.of(retryAfter));
    }

    /** 503: the server (or a dependency) cannot take this now; {@code Retry-After} says when to try again. */
    public static ApiException unavailable(String error, String message, Duration retryAfter) {
        return new ApiException(503, error, message, Map.of(), Optional.of(retryAfter));
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Map<String, String> fields() {
        return fields;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
