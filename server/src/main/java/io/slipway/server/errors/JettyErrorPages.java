package io.slipway.server.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.server.observability.RequestIdFilter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The error responses Jetty writes itself — a malformed request line, an ambiguous or invalid
 * path, an oversized URI or header block, a method the server refuses — in the API's error shape
 * with a request id, whatever the method and {@code Accept} header (Jetty's default is an HTML page,
 * or nothing at all for PATCH, DELETE and TRACE).
 */
public final class JettyErrorPages {

    private static final String REQUEST_ID = JettyErrorPages.class.getName() + ".requestId";
    /** Jetty's reasons are fixed phrases ("Ambiguous URI path separator"); anything else is not repeated back. */
    private static final List<Charset> UTF_8 = List.of(StandardCharsets.UTF_8);

    private static final Pattern PLAIN_REASON = Pattern.compile("^[A-Za-z0-9 ,.'()/-]{1,100}$");

    private JettyErrorPages() {}

    /**
     * The handler for the server (requests Jetty could not parse) and for both servlet contexts
     * ({@code sendError}): Jetty's core handler serves servlet contexts as well.
     */
    public static ErrorHandler of(ObjectMapper json) {
        return new ErrorHandler() {
            @Override
            public boolean errorPageForMethod(String method) {
                return true;
            }

            @Override
            protected void generateResponse(
                    Request request, Response response, int code, String message, Throwable cause, Callback callback)
                    throws IOException {
                withRequestId(request, response);
                if (code == 503) {
                    // Jetty's own 503s: a request that came in as the pod stops; another pod answers it.
                    response.getHeaders().put("Retry-After", "1");
                }
                generateAcceptableResponse(
                        request, response, callback, "application/json", UTF_8, code, message, cause);
            }

            @Override
            protected void writeErrorJson(
                    Request request, PrintWriter writer, int code, String message, Throwable cause) {
                writeBody(json, request, writer, code, cause);
            }
        };
    }

    /** The id the request already has (the servlet filter set it), else the caller's sane one or a new one. */
    private static void withRequestId(Request request, Response response) {
        String id = response.getHeaders().get(RequestIdFilter.HEADER);
        if (id == null) {
            id = RequestIdFilter.idFor(request.getHeaders().get(RequestIdFilter.HEADER));
            response.getHeaders().put(RequestIdFilter.HEADER, id);
        }
        request.setAttribute(REQUEST_ID, id);
    }

    private static void writeBody(ObjectMapper json, Request request, PrintWriter writer, int code, Throwable cause) {
        ErrorBody standard = ErrorBody.forStatus(code, String.valueOf(request.getAttribute(REQUEST_ID)));
        String reason = cause instanceof HttpException http ? http.getReason() : null;
        ErrorBody body = reason != null && PLAIN_REASON.matcher(reason).matches() && !reason.equals(standard.message())
                ? new ErrorBody(
                        standard.error(), standard.message() + ": " + reason, standard.requestId(), standard.fields())
                : standard;
        try {
            writer.write(json.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
