package io.slipway.server.auth;

import io.dropwizard.auth.UnauthorizedHandler;
import io.slipway.server.errors.ErrorBody;
import io.slipway.server.errors.ErrorCode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** 401 in the standard error shape; deliberately the same for a missing, malformed, forged or expired token. */
public final class JsonUnauthorizedHandler implements UnauthorizedHandler {

    /** The realm every bearer challenge names. */
    public static final String REALM = "slipway";
    /** The {@code WWW-Authenticate} challenge of every 401. */
    public static final String CHALLENGE = "Bearer realm=\"" + REALM + "\"";

    /** The body of every 401, for the request being served on this thread. */
    public static ErrorBody body() {
        return ErrorBody.of(ErrorCode.UNAUTHORIZED, "a valid bearer access token is required", Map.of());
    }

    @Override
    public Response buildResponse(String prefix, String realm) {
        return Response.fromResponse(body().toResponse(401))
                .header(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"")
                .build();
    }
}
