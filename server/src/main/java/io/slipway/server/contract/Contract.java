package io.slipway.server.contract;

/**
 * Names the resources' OpenAPI annotations refer to: the shared error responses, headers and
 * schemas that {@link ApiComponents} defines once. Annotation values must be constants, hence here.
 */
public final class Contract {

    private static final String RESPONSES = "#/components/responses/";

    public static final String BAD_REQUEST = RESPONSES + "BadRequest";
    public static final String UNAUTHORIZED = RESPONSES + "Unauthorized";
    public static final String FORBIDDEN = RESPONSES + "Forbidden";
    public static final String NOT_FOUND = RESPONSES + "NotFound";
    public static final String NOT_ACCEPTABLE = RESPONSES + "NotAcceptable";
    public static final String CONFLICT = RESPONSES + "Conflict";
    public static final String PRECONDITION_FAILED = RESPONSES + "PreconditionFailed";
    public static final String PAYLOAD_TOO_LARGE = RESPONSES + "PayloadTooLarge";
    public static final String UNSUPPORTED_MEDIA_TYPE = RESPONSES + "UnsupportedMediaType";
    public static final String VALIDATION_FAILED = RESPONSES + "ValidationFailed";
    public static final String PRECONDITION_REQUIRED = RESPONSES + "PreconditionRequired";
    public static final String TOO_MANY_REQUESTS = RESPONSES + "TooManyRequests";
    public static final String INTERNAL_ERROR = RESPONSES + "InternalError";
    public static final String UNAVAILABLE = RESPONSES + "Unavailable";

    public static final String ETAG = "#/components/headers/ETag";

    public static final String IF_MATCH = "The ETag of your last read of this user (its version), or * for whatever"
            + " version is current. Required: a write without it could overwrite a change you never saw.";
    public static final String IF_MATCH_SCHEMA = "#/components/schemas/IfMatch";

    private Contract() {}
}
