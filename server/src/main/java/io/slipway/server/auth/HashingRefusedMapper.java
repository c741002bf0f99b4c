package io.slipway.server.auth;

import io.slipway.server.errors.ApiException;
import io.slipway.server.errors.ApiExceptionMapper;
import io.slipway.server.errors.ErrorCode;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** What a client is told when its password could not be hashed in time: 503 busy, with Retry-After. */
public final class HashingRefusedMapper implements ExceptionMapper<HashingRefused> {

    private final ApiExceptionMapper errors = new ApiExceptionMapper();

    @Override
    public Response toResponse(HashingRefused refused) {
        return errors.toResponse(ApiException.unavailable(ErrorCode.BUSY, refused.getMessage(), refused.retryAfter()));
    }
}
