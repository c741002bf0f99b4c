package io.slipway.server.auth;

import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Bearer authentication from the {@code Authorization} header only. Dropwizard's OAuth filter also
 * takes {@code ?access_token=}; URLs end up in proxy and ingress logs, so a token there is ignored.
 */
@Priority(Priorities.AUTHENTICATION)
public final class HeaderBearerAuthFilter extends AuthFilter<String, AuthenticatedUser> {

    private static final String SCHEME = "Bearer ";

    private HeaderBearerAuthFilter() {
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                ? header.substring(SCHEME.length()).trim() : null;
        if (!authenticate(request, token == null || token.isEmpty() ? null : token, "Bearer")) {
            throw unauthorizedHandler.buildException(prefix, realm);
        }
    }

    /** Builds the filter, as dropwizard-auth's builders do. */
    public static final class Builder extends AuthFilterBuilder<String, AuthenticatedUser, HeaderBearerAuthFilter> {
        @Override
        protected HeaderBearerAuthFilter newInstance() {
            return new HeaderBearerAuthFilter();
        }
    }
}
