package io.slipway.server.observability.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.Locale;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.executors.CommandExecutor;

/**
 * A client span per Redis command (Jedis has no OpenTelemetry library instrumentation, only the
 * agent's): named by the command, with the semantic conventions' database attributes; keys and
 * values are never recorded.
 */
// "try": Jedis's CommandExecutor is AutoCloseable with a close() that may throw InterruptedException,
// and a Scope is opened only to be closed.
@SuppressWarnings("try")
public final class TracedRedisCommands implements CommandExecutor {

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    private static final AttributeKey<String> ADDRESS = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");

    private final CommandExecutor commands;
    private final Tracer tracer;
    private final HostAndPort server;

    public TracedRedisCommands(CommandExecutor commands, Tracer tracer, HostAndPort server) {
        this.commands = commands;
        this.tracer = tracer;
        this.server = server;
    }

    @Override
    public <T> T executeCommand(CommandObject<T> command) {
        // Under a request whose trace is not kept, a span could only be dropped: skip building it.
        SpanContext parent = Span.current().getSpanContext();
        if (parent.isValid() && !parent.isSampled()) {
            return commands.executeCommand(command);
        }
        String operation = command.getArguments().getCommand().toString().toUpperCase(Locale.ROOT);
        Span span = tracer.spanBuilder(operation)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(SYSTEM, "redis")
                .setAttribute(OPERATION, operation)
                .setAttribute(ADDRESS, server.getHost())
                .setAttribute(PORT, (long) server.getPort())
                .startSpan();
        try (Scope scope = span.makeCurrent()) {
            return commands.executeCommand(command);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    @Override
    public void close() throws Exception {
        commands.close();
    }
}
