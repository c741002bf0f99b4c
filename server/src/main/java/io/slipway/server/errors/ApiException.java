package io.slipway.server.errors;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A failure the client can act on. Rendered by {@link ApiExceptionMapper} as the standard error body,
 * with its code's status; {@code fields} names the offending request fields, if any.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode error;
    private final Map<String, String> fields;
    private final Optional<Duration> retryAfter;

    private ApiException(ErrorCode error, String message, Map<String, String> fields, Optional<Duration> retryAfter) {
        super(message, null, false, false);
        this.error = error;
        this.fields = Map.copyOf(fields);
        this.retryAfter = retryAfter;
    }

    public ApiException(ErrorCode error, String message, Map<String, String> fields) {
        this(error, message, fields, Optional.empty());
    }

    public ApiException(ErrorCode error, String message) {
        this(error, message, Map.of());
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(ErrorCode.FORBIDDEN, message);
    }

    /** 429: this client must slow down; {@code Retry-After} says for how long. */
    public static ApiException tooManyRequests(String message, Duration retryAfter) {
        return new ApiException(ErrorCode.TOO_MANY_REQUESTS, message, Map.of(), Optional.of(retryAfter));
    }

    /** 503 ({@code unavailable}, {@code busy}): cannot take this now; {@code Retry-After} says when to try again. */
    public static ApiException unavailable(ErrorCode error, String message, Duration retryAfter) {
        return new ApiException(error, message, Map.of(), Optional.of(retryAfter));
    }

    public int status() {
        return error.status();
    }

    public ErrorCode error() {
        return error;
    }

    public Map<String, String> fields() {
        return fields;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
