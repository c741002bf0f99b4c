package io.slipway.server.errors;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Renders {@link ApiException}s. */
public final class ApiExceptionMapper implements ExceptionMapper<ApiException> {

    @Override
    public Response toResponse(ApiException e) {
        ErrorResponse error = ErrorResponse.of(e);
        Response.ResponseBuilder response = Response.fromResponse(error.body().toResponse(error.status()));
        error.retryAfterSeconds().ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds));
        if (e.status() == 413) {
            // The rest of the body was never read: the connection cannot carry another request.
            response.header("Connection", "close");
        }
        return response.build();
    }
}
