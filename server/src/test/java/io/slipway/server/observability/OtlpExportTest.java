package io.slipway.server.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.slipway.server.SlipwayConfiguration;
import io.slipway.server.support.Api;
import io.slipway.server.support.PostgresServer;
import io.slipway.server.support.RealParts;
import io.slipway.server.support.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an OTLP collector (ARMS, Managed Service for OpenTelemetry) receives: protobuf export
 * requests on the configured URL with the configured token header, the service named, the spans of
 * a request parent-linked, at the configured sampling ratio, here 1.
 */
@RealParts
@ExtendWith(DropwizardExtensionsSupport.class)
class OtlpExportTest {

    record Received(String path, String contentType, String token, ExportTraceServiceRequest body) {}

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    static final HttpServer COLLECTOR = collector();
    static final PostgresServer.Database POSTGRES = PostgresServer.sharedDatabase("otlp");
    static final DropwizardAppExtension<SlipwayConfiguration> APP = TestApp.with(
            POSTGRES::jdbcUrl,
            () -> "",
            TestApp.logFile(OtlpExportTest.class),
            ConfigOverride.config(
                    "tracing.endpoint",
                    "http://127.0.0.1:" + COLLECTOR.getAddress().getPort() + "/adapt_x/api/otlp/traces"),
            ConfigOverride.config("tracing.headers", "Authentication=arms-token-123"),
            ConfigOverride.config("tracing.samplingRatio", "1.0"),
            ConfigOverride.config("tracing.environment", "staging"));

    static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                RECEIVED.add(new Received(
                        exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("Authentication"),
                        ExportTraceServiceRequest.parseFrom(
                                exchange.getRequestBody().readAllBytes())));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            // Up until the JVM ends: the server flushes its last spans as it stops, after the tests,
            // and a collector gone by then is an export failure logged into the next test's log.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void spansReachTheCollectorWithTheTokenAndTheirParents() {
        Api api = new Api(APP.getLocalPort());
        assertThat(api.get("/api/v1/users/me").status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/token", Map.of("email", "nobody@example.com", "password", "x".repeat(12)))
                        .status())
                .isEqualTo(401);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> spans().stream().anyMatch(span -> span.getName().equals("POST /api/v1/auth/token")));
        assertThat(RECEIVED).allSatisfy(received -> {
            assertThat(received.path()).isEqualTo("/adapt_x/api/otlp/traces");
            assertThat(received.contentType()).isEqualTo("application/x-protobuf");
            assertThat(received.token()).isEqualTo("arms-token-123");
        });
        var resource = RECEIVED.get(0).body().getResourceSpans(0).getResource().getAttributesList();
        assertThat(resource)
                .anySatisfy(attribute -> {
                    assertThat(attribute.getKey()).isEqualTo("service.name");
                    assertThat(attribute.getValue().getStringValue()).isEqualTo("slipway");
                })
                .anySatisfy(attribute -> {
                    assertThat(attribute.getKey()).isEqualTo("deployment.environment.name");
                    assertThat(attribute.getValue().getStringValue()).isEqualTo("staging");
                });
        Span login = spans().stream()
                .filter(span -> span.getName().equals("POST /api/v1/auth/token"))
                .findFirst()
                .orElseThrow();
        assertThat(login.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(login.getParentSpanId().isEmpty())
                .as("a root: the caller sent no traceparent")
                .isTrue();
        assertThat(spans()).as("the credentials query, under the login's span").anySatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(span.getTraceId()).isEqualTo(login.getTraceId());
            assertThat(span.getParentSpanId()).isEqualTo(login.getSpanId());
        });
        assertThat(spans()).anySatisfy(span -> assertThat(span.getName()).isEqualTo("GET /api/v1/users/me"));
    }

    static List<Span> spans() {
        return RECEIVED.stream()
                .flatMap(received -> received.body().getResourceSpansList().stream())
                .flatMap(resource -> resource.getScopeSpansList().stream())
                .flatMap(scope -> scope.getSpansList().stream())
                .toList();
    }
}
