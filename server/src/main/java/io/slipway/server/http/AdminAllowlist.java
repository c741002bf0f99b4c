package io.slipway.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.server.errors.ErrorBody;
import io.slipway.server.errors.ErrorCode;
import io.slipway.server.observability.RequestIdFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The admin port serves only what Prometheus and an operator's read-only checks need:
 * {@code GET /prometheus}, {@code /metrics}, {@code /healthcheck} and {@code /ping}. Dropwizard's
 * tasks ({@code POST /tasks/log-level}, {@code /tasks/gc}), thread dumps and the profiler are not
 * reachable: they need no credentials, and turning a logger to DEBUG would log request headers.
 */
public final class AdminAllowlist implements Filter {

    static final Set<String> PATHS = Set.of("/prometheus", "/metrics", "/healthcheck", "/ping");

    private final ObjectMapper json;

    public AdminAllowlist(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String method = request.getMethod();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (("GET".equals(method) || "HEAD".equals(method)) && PATHS.contains(path)) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        String id = RequestIdFilter.idFor(request.getHeader(RequestIdFilter.HEADER));
        response.setStatus(404);
        response.setContentType("application/json");
        response.setHeader(RequestIdFilter.HEADER, id);
        json.writeValue(
                response.getOutputStream(),
                new ErrorBody(
                        ErrorCode.NOT_FOUND,
                        "the admin port serves only GET "
                                + String.join(", ", PATHS.stream().sorted().toList()),
                        id,
                        Map.of()));
    }
}
