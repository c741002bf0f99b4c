package io.slipway.server.auth;

import io.dropwizard.auth.UnauthorizedHandler;
import io.slipway.server.errors.ErrorBody;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** 401 in the standard error shape; deliberately the same for a missing, malformed, forged or expired token. */
public final class JsonUnauthorizedHandler implements UnauthorizedHandler {

    @Override
    public Response buildResponse(String prefix, String realm) {
        return Response.fromResponse(
                        ErrorBody.of("unauthorized", "a valid bearer access token is required", Map.of())
                                .toResponse(401))
                .header(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"")
                .build();
    }
}
