package io.slipway.server.errors;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.slipway.server.database.DatabaseFailures;
import io.slipway.server.health.DependencyOutages;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An error as the client receives it: status, body and, when retrying later helps, how long to wait.
 * The one place that decides what an {@link ApiException} or an unexpected failure becomes, for the
 * Jersey mappers and for the endpoints served before Jersey alike.
 */
public record ErrorResponse(int status, ErrorBody body, Optional<Duration> retryAfter) {

    // The logger the mapper always used: log queries and alerts select unhandled errors by it.
    private static final Logger LOG = LoggerFactory.getLogger(UnhandledExceptionMapper.class);

    public static ErrorResponse of(ApiException e) {
        return new ErrorResponse(e.status(), ErrorBody.of(e.error(), e.getMessage(), e.fields()), e.retryAfter());
    }

    /**
     * Anything nothing else handled. A database that cannot be reached is 503 with
     * {@code Retry-After}, counted in its outage (logged once per outage, not per request); anything
     * else is a 500, logged with its stack frames but without any exception message ({@link Redacted}).
     */
    public static ErrorResponse unexpected(Throwable e, DependencyOutages outages) {
        if (DatabaseFailures.isUnavailable(e)) {
            outages.failed(DependencyOutages.DATABASE, DatabaseFailures.reason(e));
            return new ErrorResponse(
                    503,
                    ErrorBody.of(ErrorCode.UNAVAILABLE, "the database is unavailable; retry shortly", Map.of()),
                    Optional.of(Duration.ofSeconds(1)));
        }
        LOG.error("unhandled error", Redacted.of(e));
        return new ErrorResponse(
                500,
                ErrorBody.of(
                        ErrorCode.INTERNAL_ERROR, "internal error; quote the request_id when reporting it", Map.of()),
                Optional.empty());
    }

    /** {@code Retry-After} in whole seconds, rounded up, so a client that waits exactly that long is let through. */
    public Optional<Long> retryAfterSeconds() {
        return retryAfter.map(wait -> Math.max(1, (wait.toMillis() + 999) / 1000));
    }

    /** Writes this error as the response, for endpoints served before Jersey. */
    public void writeTo(HttpServletResponse response, ObjectWriter json) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON);
        retryAfterSeconds().ifPresent(seconds -> response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
