package io.slipway.server.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Anything unexpected: logged with its stack trace, answered with no detail beyond the request id. */
public final class UnhandledExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnhandledExceptionMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        LOG.error("unhandled error", e);
        return ErrorBody.of("internal_error", "internal error; quote the request_id when reporting it", Map.of())
                .toResponse(500);
    }
}
