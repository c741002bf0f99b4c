package io.slipway.server.users;

import io.slipway.server.errors.ApiException;
import io.slipway.server.errors.ApiExceptionMapper;
import io.slipway.server.errors.ErrorCode;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;

/** What a client is told when a write to a user did not happen. */
public final class UserWriteRefusedMapper implements ExceptionMapper<UserWriteRefused> {

    private final ApiExceptionMapper errors = new ApiExceptionMapper();

    @Override
    public Response toResponse(UserWriteRefused refused) {
        return errors.toResponse(asApiError(refused));
    }

    private static ApiException asApiError(UserWriteRefused refused) {
        if (refused instanceof UserWriteRefused.StaleVersion stale) {
            return new ApiException(
                    ErrorCode.PRECONDITION_FAILED,
                    "If-Match does not match the current version (now \"" + stale.currentVersion()
                            + "\"); read the user again",
                    Map.of("If-Match", "stale version"));
        }
        if (refused instanceof UserWriteRefused.EmailTaken) {
            return new ApiException(
                    ErrorCode.CONFLICT, "a user with this email already exists", Map.of("email", "already registered"));
        }
        return ApiException.notFound("user");
    }
}
