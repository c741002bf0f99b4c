package io.slipway.server.errors;

import io.slipway.server.health.DependencyOutages;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Anything no other mapper claimed, as {@link ErrorResponse#unexpected} decides. */
public final class UnhandledExceptionMapper implements ExceptionMapper<Throwable> {

    private final DependencyOutages outages;

    public UnhandledExceptionMapper(DependencyOutages outages) {
        this.outages = outages;
    }

    @Override
    public Response toResponse(Throwable e) {
        ErrorResponse error = ErrorResponse.unexpected(e, outages);
        Response.ResponseBuilder response = Response.fromResponse(error.body().toResponse(error.status()));
        error.retryAfterSeconds().ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds));
        return response.build();
    }
}
