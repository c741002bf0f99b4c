package io.slipway.server.http;

import io.slipway.server.errors.ApiException;
import io.slipway.server.errors.ErrorCode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.io.EofException;

/**
 * Reads each JSON body whole (it is already bounded by {@code http.maxRequestBody}) and refuses it
 * unless it is well-formed UTF-8. Jackson's own decoder accepts overlong forms such as
 * {@code C0 AF} for "/" and {@code C0 80} for NUL, which would let a byte sequence mean something
 * other than what any validator or log shows. A body that ends before its declared length — the
 * client went away — is a client error, not a server failure.
 */
@Provider
public final class StrictUtf8Bodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !type.getSubtype().endsWith("json")) {
            return context.proceed();
        }
        byte[] body;
        try {
            body = context.getInputStream().readAllBytes();
        } catch (EofException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the request body ended before it was complete", Map.of());
        }
        int invalidAt = firstInvalidByte(body);
        if (invalidAt >= 0) {
            throw new ApiException(
                    ErrorCode.MALFORMED_JSON,
                    "the body is not valid UTF-8 (byte " + invalidAt + ")",
                    Map.of("body", "must be UTF-8 encoded"));
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /** Offset of the first byte that is not part of well-formed UTF-8 (the JDK decoder is strict), or -1. */
    static int firstInvalidByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.min(bytes.length + 1, 4096));
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return decoder.flush(out).isError() ? in.position() : -1;
            }
            out.clear();
        }
    }
}
