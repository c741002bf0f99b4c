package io.slipway.server.observability.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.slipway.server.observability.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import org.slf4j.MDC;

/**
 * A server span per request, continuing the caller's W3C {@code traceparent} (the sampler follows
 * its sampled flag), named by route once the route is known, and current while the request runs:
 * the database and Redis spans hang under it, and, when the trace is kept (sampled), its ids are in
 * the MDC ({@code trace_id}, {@code span_id}) for every log line of the request. An unsampled trace
 * exists nowhere to look up, so its ids are not logged (and not formatted: a profile showed the
 * MDC's copies and the hex encoding among the per-request costs).
 */
public final class ServerSpans {

    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("slipway.request_id");

    private static final TextMapGetter<HttpServletRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServletRequest request) {
            return Collections.list(request.getHeaderNames());
        }

        @Override
        public String get(HttpServletRequest request, String name) {
            return request == null ? null : request.getHeader(name);
        }
    };

    /** What tracing-off requests get: nothing started, nothing to close. */
    private static final Current NONE = new Current() {
        @Override
        public void served(String route, int status) {}

        @Override
        public void close() {}
    };

    private final Tracing tracing;

    public ServerSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    /** The span of one request, current until closed. */
    public interface Current extends AutoCloseable {
        void served(String route, int status);

        @Override
        void close();
    }

    public Current start(HttpServletRequest request, String method) {
        if (!tracing.enabled()) {
            return NONE;
        }
        Context parent = tracing.openTelemetry()
                .getPropagators()
                .getTextMapPropagator()
                .extract(Context.root(), request, HEADERS);
        Span span = tracing.tracer()
                .spanBuilder(method)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        // Attributes only on a kept span: the sampler reads none, and most spans are dropped.
        if (span.isRecording()) {
            span.setAttribute(METHOD, method);
            span.setAttribute(PATH, request.getRequestURI());
            span.setAttribute(SCHEME, request.getScheme());
            String requestId = MDC.get(RequestIdFilter.MDC_KEY);
            if (requestId != null) {
                span.setAttribute(REQUEST_ID, requestId);
            }
        }
        @SuppressWarnings("MustBeClosedChecker") // closed by the returned Current when the request is served
        Scope scope = span.makeCurrent();
        SpanContext ids = span.getSpanContext();
        boolean logged = ids.isSampled();
        if (logged) {
            MDC.put("trace_id", ids.getTraceId());
            MDC.put("span_id", ids.getSpanId());
        }
        return new Current() {
            @Override
            public void served(String route, int status) {
                if (!span.isRecording()) {
                    return;
                }
                span.updateName(method + " " + route);
                span.setAttribute(ROUTE, route);
                span.setAttribute(STATUS, (long) status);
                if (status >= 500) {
                    span.setStatus(StatusCode.ERROR);
                }
            }

            @Override
            public void close() {
                if (logged) {
                    MDC.remove("trace_id");
                    MDC.remove("span_id");
                }
                scope.close();
                span.end();
            }
        };
    }
}
