package io.slipway.server.auth;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slipway.server.errors.ApiException;
import io.slipway.server.errors.ErrorCode;
import io.slipway.server.errors.ErrorResponse;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * Each API read ({@code GET}, {@code HEAD}) takes its turn from {@link CpuShares}: while passwords
 * are hashed, reads are handled a few at a time so the hashes get the cores. A read whose turn does
 * not come within {@code patience} is answered 503 {@code busy} with {@code Retry-After: 1}.
 * Probes and everything outside {@code /api/} never wait.
 */
public final class ReadTurnFilter implements Filter {

    private final CpuShares shares;
    private final Duration patience;
    private final ObjectWriter errors;
    private final Counter refused;

    public ReadTurnFilter(CpuShares shares, Duration patience, ObjectWriter errors, PrometheusRegistry registry) {
        this.shares = shares;
        this.patience = patience;
        this.errors = errors;
        this.refused = Counter.builder()
                .name("slipway_reads_refused_for_hashing")
                .help("API reads answered 503 because their turn beside the password hashing did not come in time")
                .register(registry);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String method = request.getMethod();
        if (!("GET".equals(method) || "HEAD".equals(method))
                || !request.getRequestURI().startsWith("/api/")) {
            chain.doFilter(req, res);
            return;
        }
        if (!shares.beginRead(patience)) {
            refused.inc();
            ErrorResponse.of(ApiException.unavailable(
                            ErrorCode.BUSY,
                            "the server is giving its cores to password hashing; retry shortly",
                            Duration.ofSeconds(1)))
                    .writeTo((HttpServletResponse) res, errors);
            return;
        }
        try {
            chain.doFilter(req, res);
        } finally {
            shares.endRead();
        }
    }
}
