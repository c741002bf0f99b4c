package io.slipway.server.observability.tracing;

import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.lifecycle.Managed;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.slipway.server.observability.ReleaseSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * The OpenTelemetry SDK (not the agent: no bytecode rewriting, nothing added to the JVM's start
 * beyond building the SDK, and the AOT cache stays valid): a sampler per environment, W3C trace
 * context, spans batched to the configured collector. With no endpoint it is OpenTelemetry's no-op
 * and nothing is wrapped, so an untraced server pays nothing.
 */
public final class Tracing implements Managed {

    static final String INSTRUMENTATION = "io.slipway.server";
    static final Duration FLUSH_AT_STOP = Duration.ofSeconds(1);

    private final OpenTelemetry openTelemetry;
    private final Optional<OpenTelemetrySdk> sdk;
    /** Built once: {@code getTracer} builds a new one on every call (seen in a profile of every request). */
    private final Tracer tracer;

    private Tracing(OpenTelemetry openTelemetry, Optional<OpenTelemetrySdk> sdk) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
    }

    public static Tracing off() {
        return new Tracing(OpenTelemetry.noop(), Optional.empty());
    }

    public static Tracing from(TracingSettings settings, ReleaseSettings release) {
        if (settings.endpoint().isEmpty()) {
            return off();
        }
        Resource resource = Resource.getDefault()
                .merge(Resource.create(Attributes.builder()
                        .put(AttributeKey.stringKey("service.name"), settings.getServiceName())
                        .put(AttributeKey.stringKey("service.version"), release.getRevision())
                        .put(AttributeKey.stringKey("deployment.environment.name"), settings.getEnvironment())
                        .put(AttributeKey.stringKey("container.image.name"), release.getImage())
                        .build()));
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.getSamplingRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter(settings))
                        .setScheduleDelay(Duration.ofSeconds(1))
                        .setMaxQueueSize(8_192)
                        .build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        return new Tracing(sdk, Optional.of(sdk));
    }

    // OpenTelemetry deprecated its Zipkin exporter for OTLP (the default here); Zipkin stays for the
    // collectors the seed's observability stack runs until they take OTLP.
    @SuppressWarnings("deprecation")
    private static SpanExporter exporter(TracingSettings settings) {
        URI endpoint = settings.endpoint().orElseThrow();
        if (settings.getProtocol() == TracingSettings.Protocol.ZIPKIN) {
            return ZipkinSpanExporter.builder()
                    .setSender(URLConnectionSender.create(endpoint.toString()))
                    .build();
        }
        OtlpHttpSpanExporterBuilder otlp =
                OtlpHttpSpanExporter.builder().setEndpoint(endpoint.toString()).setTimeout(Duration.ofSeconds(5));
        settings.headerMap().forEach(otlp::addHeader);
        return otlp.build();
    }

    public boolean enabled() {
        return sdk.isPresent();
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    public Tracer tracer() {
        return tracer;
    }

    /** A client span per JDBC statement, under the request's span; the pool itself when off. */
    public ManagedDataSource traced(ManagedDataSource pool) {
        return enabled()
                ? new TracedDataSource(pool, JdbcTelemetry.create(openTelemetry).wrap(pool))
                : pool;
    }

    /** Work handed to {@code executor} runs in the submitter's trace. */
    public ExecutorService traced(ExecutorService executor) {
        return enabled() ? Context.taskWrapping(executor) : executor;
    }

    /**
     * Sends what is still queued, waiting at most {@link #FLUSH_AT_STOP}: a collector that cannot be
     * reached must not hold up every pod's stop (it added the exporter's 5 s timeout to each).
     */
    @Override
    public void stop() {
        sdk.ifPresent(s -> s.getSdkTracerProvider().shutdown().join(FLUSH_AT_STOP.toMillis(), TimeUnit.MILLISECONDS));
    }
}
