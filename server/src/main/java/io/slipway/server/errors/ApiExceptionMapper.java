package io.slipway.server.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Renders {@link ApiException}s. */
public final class ApiExceptionMapper implements ExceptionMapper<ApiException> {

    @Override
    public Response toResponse(ApiException e) {
        Response response = ErrorBody.of(e.error(), e.getMessage(), e.fields()).toResponse(e.status());
        if (e.status() == 413) {
            // The rest of the body was never read: the connection cannot carry another request.
            return Response.fromResponse(response).header("Connection", "close").build();
        }
        return response;
    }
}
