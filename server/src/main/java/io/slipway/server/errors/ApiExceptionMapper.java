package io.slipway.server.errors;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Renders {@link ApiException}s. */
public final class ApiExceptionMapper implements ExceptionMapper<ApiException> {

    @Override
    public Response toResponse(ApiException e) {
        Response.ResponseBuilder response = Response.fromResponse(
                ErrorBody.of(e.error(), e.getMessage(), e.fields()).toResponse(e.status()));
        // Whole seconds, rounded up, so a client that waits exactly that long is let through.
        e.retryAfter().ifPresent(wait -> response.header(HttpHeaders.RETRY_AFTER,
                Math.max(1, (wait.toMillis() + 999) / 1000)));
        if (e.status() == 413) {
            // The rest of the body was never read: the connection cannot carry another request.
            response.header("Connection", "close");
        }
        return response.build();
    }
}
