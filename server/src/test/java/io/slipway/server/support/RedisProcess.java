package io.slipway.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/** A real redis-server process (embedded binary) on a free port. */
public final class RedisProcess {

    private final int port;
    private final RedisServer server;

    private RedisProcess(int port, Optional<Path> dataDirectory) throws IOException {
        this.port = port;
        RedisServerBuilder builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1");
        if (dataDirectory.isPresent()) {
            // A save point makes redis write its data on SIGTERM, as a managed Redis keeps it over a restart.
            builder.setting("save 3600 1").setting("dir " + dataDirectory.get());
        } else {
            builder.setting("save \"\"");
        }
        this.server = builder.build();
    }

    /** A Redis that loses everything when stopped. */
    public static RedisProcess start() {
        return start(Optional.empty());
    }

    /** A Redis that still holds its keys after {@link #restart()}, as a persistent or replicated one does. */
    public static RedisProcess startPersistent() {
        try {
            return start(Optional.of(Files.createTempDirectory("slipway-redis")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RedisProcess start(Optional<Path> dataDirectory) {
        return FreePort.startOnAFreePort(port -> {
            try {
                RedisProcess redis = new RedisProcess(port, dataDirectory);
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

    /** Starts the stopped server again on the same port: empty, unless {@link #startPersistent() persistent}. */
    public void restart() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empties every database, as an operator's {@code FLUSHALL} does. */
    public void flushAll() {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            jedis.flushAll();
        }
    }
}
