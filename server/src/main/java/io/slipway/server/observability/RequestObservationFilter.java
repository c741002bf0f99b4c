package io.slipway.server.observability;

import io.slipway.server.observability.tracing.ServerSpans;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Times each request, records it in {@link HttpServerMetrics} and writes one structured log line
 * (method, route, status, duration_ms), inside the request's server span when tracing is on
 * ({@link ServerSpans}): the log lines carry its trace id and the latency histogram its exemplar.
 * Never logs headers, query strings or bodies, so tokens and passwords cannot leak through it.
 */
public final class RequestObservationFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger("io.slipway.server.http");
    /** Route label for requests no resource matched, so scanners cannot explode the label set. */
    static final String UNMATCHED = "unmatched";

    private final HttpServerMetrics metrics;
    private final ServerSpans spans;

    public RequestObservationFilter(HttpServerMetrics metrics, ServerSpans spans) {
        this.metrics = metrics;
        this.spans = spans;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        long start = System.nanoTime();
        int status = 500;
        String method = knownMethod(request.getMethod());
        try (ServerSpans.Current span = spans.start(request, method)) {
            try {
                chain.doFilter(request, response);
                status = response.getStatus();
            } finally {
                long nanos = System.nanoTime() - start;
                String route = route(request, status);
                span.served(route, status);
                metrics.record(method, route, status, nanos);
                log(method, route, status, nanos);
            }
        }
    }

    private static String route(HttpServletRequest request, int status) {
        if (request.getAttribute(RouteTemplateListener.ROUTE_ATTRIBUTE) instanceof String template) {
            return template;
        }
        String servletPath = request.getServletPath();
        return status == 404 || status == 405 || servletPath.isEmpty() ? UNMATCHED : servletPath;
    }

    private static String knownMethod(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" -> method.toUpperCase(Locale.ROOT);
            default -> "OTHER";
        };
    }

    @SuppressWarnings("try") // the resources are named only to be closed: closing takes the fields off the MDC
    private static void log(String method, String route, int status, long nanos) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String durationMs = String.format(Locale.ROOT, "%.3f", nanos / 1e6);
        try (MDC.MDCCloseable m = MDC.putCloseable("method", method);
                MDC.MDCCloseable r = MDC.putCloseable("route", route);
                MDC.MDCCloseable s = MDC.putCloseable("status", Integer.toString(status));
                MDC.MDCCloseable d = MDC.putCloseable("duration_ms", durationMs)) {
            LOG.info("{} {} {} {}ms", method, route, status, durationMs);
        }
    }
}
