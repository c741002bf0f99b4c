package io.slipway.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.server.errors.ApiException;
import io.slipway.server.errors.ErrorBody;
import io.slipway.server.errors.ErrorCode;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Refuses bodies over {@code http.maxRequestBody} with 413: up front when {@code Content-Length}
 * says so, and while reading when the body is chunked (JSON bodies are read whole by
 * {@link StrictUtf8Bodies}, so the refusal reaches {@code ApiExceptionMapper} directly).
 *
 * <p>A servlet filter rather than Jetty's {@code SizeLimitHandler}: that handler sits in front of the
 * servlet filters, so its up-front 413 is neither counted in {@code http_requests_total} nor logged,
 * and its chunked-body failure ({@code BadMessageException} from a read) reaches Jersey as a 500.
 */
public final class RequestBodyLimitFilter implements Filter {

    private final long maxBytes;
    private final ObjectMapper json;

    public RequestBodyLimitFilter(long maxBytes, ObjectMapper json) {
        this.maxBytes = maxBytes;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (request.getContentLengthLong() > maxBytes) {
            HttpServletResponse response = (HttpServletResponse) res;
            response.setStatus(413);
            response.setContentType("application/json");
            response.setHeader("Connection", "close");
            json.writeValue(
                    response.getOutputStream(), ErrorBody.of(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge(), Map.of()));
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 ? new Bounded(request) : request, res);
    }

    private String tooLarge() {
        return "the request body is larger than " + maxBytes + " bytes";
    }

    private final class Bounded extends HttpServletRequestWrapper {
        private ServletInputStream bounded;

        Bounded(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (bounded == null) {
                bounded = new CountingStream(super.getInputStream());
            }
            return bounded;
        }
    }

    private final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private long read;

        CountingStream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge());
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
