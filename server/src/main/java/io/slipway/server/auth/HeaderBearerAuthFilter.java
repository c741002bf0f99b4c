package io.slipway.server.auth;

import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/**
 * Bearer authentication from the {@code Authorization} header only. Dropwizard's OAuth filter also
 * takes {@code ?access_token=}; URLs end up in proxy and ingress logs, so a token there is ignored.
 */
@Priority(Priorities.AUTHENTICATION)
public final class HeaderBearerAuthFilter extends AuthFilter<String, AuthenticatedUser> {

    private static final String SCHEME = "Bearer ";

    private HeaderBearerAuthFilter() {}

    @Override
    public void filter(ContainerRequestContext request) {
        if (!authenticate(
                request,
                tokenIn(request.getHeaderString(HttpHeaders.AUTHORIZATION)).orElse(null),
                "Bearer")) {
            throw unauthorizedHandler.buildException(prefix, realm);
        }
    }

    /** The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive), if that is what it holds. */
    public static Optional<String> tokenIn(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** Builds the filter, as dropwizard-auth's builders do. */
    public static final class Builder extends AuthFilterBuilder<String, AuthenticatedUser, HeaderBearerAuthFilter> {
        @Override
        protected HeaderBearerAuthFilter newInstance() {
            return new HeaderBearerAuthFilter();
        }
    }
}
