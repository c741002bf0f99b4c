package io.slipway.server.observability;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id: the caller's {@code X-Request-ID} when it is a sane token, a new UUID
 * otherwise. The id is echoed on the response and sits in the MDC for every log line of the request.
 */
public final class RequestIdFilter implements Filter {

    public static final String HEADER = "X-Request-ID";
    /** Where the request's id is kept for logs and error bodies while it is served. */
    public static final String MDC_KEY = "request_id";

    private static final Pattern SANE = Pattern.compile("^[A-Za-z0-9._:-]{8,128}$");

    /** The caller's id when it is a sane token, a new one otherwise. */
    public static String idFor(String offered) {
        return offered != null && SANE.matcher(offered).matches() ? offered : newId();
    }

    /** A random (version 4 layout) UUID; correlation ids need uniqueness, not SecureRandom's unpredictability. */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xCL << 60)) | (0x8L << 60);
        return new UUID(high, low).toString();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = idFor(((HttpServletRequest) request).getHeader(HEADER));
        ((HttpServletResponse) response).setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
