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
        Response body = ErrorBody.of(ErrorCode.forStatus(status), ErrorBody.message(status), Map.of())
                .toResponse(status);
        Response.ResponseBuilder response = Response.fromResponse(body);
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response.build();
    }
}
