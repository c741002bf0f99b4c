package io.slipway.server.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;

/**
 * JAX-RS's own failures (no route, wrong method, unsupported media type, forbidden role) in the
 * standard error shape, keeping headers such as {@code Allow}.
 */
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response body = ErrorBody.of(code(status), message(status), Map.of()).toResponse(status);
        Response.ResponseBuilder response = Response.fromResponse(body);
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response.build();
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
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 422 -> "validation_failed";
            default -> status >= 500 ? "internal_error" : "client_error";
        };
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "the request is malformed";
            case 401 -> "a valid bearer access token is required";
            case 403 -> "you are not allowed to do this";
            case 404 -> "no such resource; see /openapi.json for the API";
            case 405 -> "this method is not allowed here; see the Allow header";
            case 406 -> "only application/json responses are available";
            case 413 -> "the request body is too large";
            case 415 -> "send the body as application/json";
            default -> status >= 500 ? "internal error" : "the request was rejected";
        };
    }
}
