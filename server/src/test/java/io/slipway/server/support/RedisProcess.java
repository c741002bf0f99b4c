package io.slipway.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import redis.embedded.RedisServer;

/** A real redis-server process (embedded binary) on a free port. */
public final class RedisProcess {

    private final int port;
    private final RedisServer server;

    private RedisProcess(int port) throws IOException {
        this.port = port;
        this.server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .build();
    }

    public static RedisProcess start() {
        return FreePort.startOnAFreePort(port -> {
            try {
                RedisProcess redis = new RedisProcess(port);
                redis.server.start();
                return redis;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
