package io.slipway.server.errors;

import java.util.Map;

/**
 * A failure the client can act on. Rendered by {@link ApiExceptionMapper} as the standard error body;
 * {@code fields} names the offending request fields, if any.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final Map<String, String> fields;

    public ApiException(int status, String error, String message, Map<String, String> fields) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.fields = Map.copyOf(fields);
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

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Map<String, String> fields() {
        return fields;
    }
}
