package io.slipway.server.errors;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The {@code error} field of every error body: what went wrong, for programs to branch on, with
 * the status it is answered with unless a layer below already chose one (Jetty's own errors).
 */
public enum ErrorCode {
    BAD_REQUEST(400),
    /** The body is not JSON, not a JSON object, or not UTF-8. */
    MALFORMED_JSON(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    CONFLICT(409),
    LENGTH_REQUIRED(411),
    /** {@code If-Match} names a version that is no longer current. */
    PRECONDITION_FAILED(412),
    PAYLOAD_TOO_LARGE(413),
    /** A write without {@code If-Match} (RFC 6585): it could silently overwrite a change the client never saw. */
    PRECONDITION_REQUIRED(428),
    URI_TOO_LONG(414),
    UNSUPPORTED_MEDIA_TYPE(415),
    /** A field is missing, unknown or out of its range; {@code fields} names it. */
    VALIDATION_FAILED(422),
    TOO_MANY_REQUESTS(429),
    HEADERS_TOO_LARGE(431),
    /** Any other 4xx. */
    CLIENT_ERROR(400),
    INTERNAL_ERROR(500),
    /** A dependency (the database) cannot answer now. */
    UNAVAILABLE(503),
    /** The server's own capacity (password hashing) is used up now. */
    BUSY(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The code of an HTTP status that carries nothing more specific. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 411 -> LENGTH_REQUIRED;
            case 412 -> PRECONDITION_FAILED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> VALIDATION_FAILED;
            case 428 -> PRECONDITION_REQUIRED;
            case 429 -> TOO_MANY_REQUESTS;
            case 431 -> HEADERS_TOO_LARGE;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : CLIENT_ERROR;
        };
    }
}
