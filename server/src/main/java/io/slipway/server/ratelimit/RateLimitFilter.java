package io.slipway.server.ratelimit;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.slipway.server.auth.HeaderBearerAuthFilter;
import io.slipway.server.auth.TokenService;
import io.slipway.server.errors.ApiException;
import io.slipway.server.errors.ErrorResponse;
import io.slipway.server.health.ProbeResponder;
import io.slipway.server.http.ClientAddresses;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.time.Duration;

/**
 * Every request to the application port but the probes takes one request from its caller's
 * allowance ({@link RateLimiter}) and is told where it stands in the IETF {@code RateLimit-Policy}
 * and {@code RateLimit} headers (draft-ietf-httpapi-ratelimit-headers); a caller with none left is
 * answered 429 with {@code Retry-After} before anything else is done for it. A caller is its user
 * when its bearer token is valid, otherwise its client address as {@link ClientAddresses} finds it,
 * which a client cannot forge. The probes are the kubelet's and the load balancer's, never limited.
 */
public final class RateLimitFilter implements Filter {

    public static final String POLICY_HEADER = "RateLimit-Policy";
    public static final String STATE_HEADER = "RateLimit";

    private final RateLimiter limiter;
    private final TokenService tokens;
    private final ClientAddresses addresses;
    private final ObjectWriter errors;

    public RateLimitFilter(RateLimiter limiter, TokenService tokens, ClientAddresses addresses, ObjectWriter errors) {
        this.limiter = limiter;
        this.tokens = tokens;
        this.addresses = addresses;
        this.errors = errors;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (request.getRequestURI().startsWith(ProbeResponder.PREFIX)) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        RateLimiter.Decision decision = limiter.take(caller(request));
        RateLimiter.Policy policy = decision.policy();
        String name = "\"" + policy.name() + "\"";
        response.setHeader(
                POLICY_HEADER,
                name + ";q=" + policy.requests() + ";w=" + policy.window().toSeconds());
        response.setHeader(STATE_HEADER, name + ";r=" + decision.remaining() + ";t=" + decision.resetSeconds());
        if (decision.allowed()) {
            chain.doFilter(req, res);
            return;
        }
        String message = "too many requests for this " + policy.name() + ": " + policy.requests() + " per "
                + policy.window().toSeconds() + " s; retry after " + decision.retryAfterSeconds() + " s";
        ErrorResponse.of(ApiException.tooManyRequests(message, Duration.ofSeconds(decision.retryAfterSeconds())))
                .writeTo(response, errors);
    }

    private RateLimiter.Caller caller(HttpServletRequest request) {
        return HeaderBearerAuthFilter.tokenIn(request.getHeader(HttpHeaders.AUTHORIZATION))
                .flatMap(tokens::verify)
                .map(claims -> limiter.user(claims.userId().toString()))
                .orElseGet(() -> limiter.address(addresses.of(request)));
    }
}
