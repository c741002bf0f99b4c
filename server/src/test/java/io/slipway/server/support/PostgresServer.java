package io.slipway.server.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** A real PostgreSQL (embedded binaries) that a test can stop and start again on the same port and data. */
public final class PostgresServer implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    private PostgresServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    public static PostgresServer start() {
        return start(Map.of());
    }

    /** With these {@code postgresql.conf} settings, e.g. {@code shared_preload_libraries}. */
    public static PostgresServer start(Map<String, String> settings) {
        return FreePort.startOnAFreePort(port -> {
            try {
                PostgresServer server = new PostgresServer(Files.createTempDirectory("slipway-pg"), port);
                EmbeddedPostgres.Builder builder = server.builder();
                settings.forEach(builder::setServerConfig);
                server.postgres = builder.start();
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A database of the shared server. */
    public record Database(String jdbcUrl) {}

    private static PostgresServer shared;

    /**
     * A database of its own on the one server this test JVM shares among the classes that never stop
     * it: a PostgreSQL start per JVM, not per class. The server is removed when the JVM exits.
     */
    public static synchronized Database sharedDatabase(String name) {
        if (shared == null) {
            shared = start();
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        try (Connection connection = DriverManager.getConnection(shared.jdbcUrl(), "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new Database("jdbc:postgresql://127.0.0.1:" + shared.port + "/" + name);
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

    /**
     * Stops every PostgreSQL process (SIGSTOP) without closing anything: connections stay open and
     * silent, and new ones are accepted by the kernel and never answered, as across a network partition.
     */
    public void freeze() {
        signal("STOP");
    }

    /** Lets the {@link #freeze() frozen} processes run again. */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .get(0)
                    .trim());
            List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(postmaster)));
            ProcessHandle.of(postmaster)
                    .orElseThrow()
                    .descendants()
                    .forEach(process -> command.add(Long.toString(process.pid())));
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server for good and deletes its data. */
    @Override
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
