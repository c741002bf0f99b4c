package io.slipway.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.function.IntFunction;

/**
 * Starts a process that must be told its port (PostgreSQL, Redis). A port found free can be taken
 * by another process before ours binds it, so a start that fails is tried again on another port.
 */
final class FreePort {

    private static final int ATTEMPTS = 5;

    private FreePort() {}

    static <T> T startOnAFreePort(IntFunction<T> start) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return start.apply(find());
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    private static int find() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
