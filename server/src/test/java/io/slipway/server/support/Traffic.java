package io.slipway.server.support;

import io.slipway.server.support.Api.Reply;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Clients that keep calling the server while a test breaks what it depends on; every answer is
 * kept with when it was asked and how long it took, so the test can judge each phase afterwards.
 */
public final class Traffic implements AutoCloseable {

    /**
     * One call: which client made it, its sequence number, when it started (ns since the traffic
     * began), how long it took, and the reply, empty when none came: then what failed instead (a
     * timeout, a refused or broken connection).
     */
    public record Answer(
            String client,
            int sequence,
            long startedNanos,
            long tookNanos,
            Optional<Reply> reply,
            Optional<Throwable> failure) {

        public int status() {
            return reply.map(Reply::status).orElse(0);
        }

        public Duration took() {
            return Duration.ofNanos(tookNanos);
        }

        public boolean startedBetween(long fromNanos, long toNanos) {
            return startedNanos >= fromNanos && startedNanos < toNanos;
        }
    }

    private final long began = System.nanoTime();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private volatile boolean stopped;

    /** Nanoseconds since the traffic began, the clock every {@link Answer} is on. */
    public long now() {
        return System.nanoTime() - began;
    }

    /** A client that calls {@code call(0)}, {@code call(1)}, … one after another, {@code pause} apart, until stopped. */
    public void keep(String client, Duration pause, IntFunction<Reply> call) {
        AtomicInteger sequence = new AtomicInteger();
        threads.execute(() -> {
            while (!stopped) {
                int n = sequence.getAndIncrement();
                long started = now();
                Optional<Reply> reply = Optional.empty();
                Optional<Throwable> failure = Optional.empty();
                try {
                    reply = Optional.of(call.apply(n));
                } catch (RuntimeException e) {
                    failure = Optional.of(e instanceof UncheckedIOException io ? io.getCause() : e);
                }
                answers.add(new Answer(client, n, started, now() - started, reply, failure));
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Stops every client after its call in flight and returns all answers, in the order they came. */
    public List<Answer> stop() {
        stopped = true;
        threads.shutdown();
        try {
            if (!threads.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a client is still waiting for an answer after 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new ArrayList<>(answers);
    }

    @Override
    public void close() {
        stopped = true;
        threads.shutdownNow();
    }
}
