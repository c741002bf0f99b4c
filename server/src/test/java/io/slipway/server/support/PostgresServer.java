package io.slipway.server.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** A real PostgreSQL (embedded binaries) that a test can stop and start again on the same port and data. */
public final class PostgresServer {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    private PostgresServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    public static PostgresServer start() {
        return FreePort.startOnAFreePort(port -> {
            try {
                PostgresServer server = new PostgresServer(Files.createTempDirectory("slipway-pg"), port);
                server.postgres = server.builder().start();
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Never cleaned by the library, so a restart finds the data; {@link #close()} removes it. */
    private EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server for good and deletes its data. */
    public void close() {
        stop();
        try (var paths = Files.walk(dataDirectory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void restart() {
        try {
            postgres = builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
