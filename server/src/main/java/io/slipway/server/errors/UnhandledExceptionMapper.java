package io.slipway.server.errors;

import io.slipway.server.database.DatabaseFailures;
import io.slipway.server.observability.ThrottledLog;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything no other mapper claimed. A database that cannot be reached is 503 with
 * {@code Retry-After}, logged at most once per interval; anything else is a 500, logged with its
 * stack frames but without any exception message ({@link Redacted}).
 */
public final class UnhandledExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnhandledExceptionMapper.class);
    private final ThrottledLog unavailable = new ThrottledLog(LOG, Duration.ofSeconds(10));

    @Override
    public Response toResponse(Throwable e) {
        if (DatabaseFailures.isUnavailable(e)) {
            unavailable.warn("database unavailable, answering 503: {}", Redacted.of(e).getMessage());
            return Response.fromResponse(ErrorBody.of("unavailable",
                            "the database is unavailable; retry shortly", Map.of()).toResponse(503))
                    .header(HttpHeaders.RETRY_AFTER, 1)
                    .build();
        }
        LOG.error("unhandled error", Redacted.of(e));
        return ErrorBody.of("internal_error", "internal error; quote the request_id when reporting it", Map.of())
                .toResponse(500);
    }
}
