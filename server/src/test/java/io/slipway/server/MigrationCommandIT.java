package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.server.support.ConfigFile;
import io.slipway.server.support.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration Job's command as the packaged jar runs it: {@code db migrate --dry-run} prints the
 * SQL for review without applying it, {@code db migrate} applies it, and then there is nothing left to print.
 */
class MigrationCommandIT {

    static final PostgresServer.Database POSTGRES = PostgresServer.sharedDatabase("migration_command");

    @TempDir
    Path directory;

    record Run(int exit, String stdout, String stderr) {}

    @Test
    void dryRunPrintsTheSqlForReviewThenMigrateAppliesItOnce() throws IOException {
        String config = ConfigFile.write(directory, "a-secret-that-is-at-least-32-bytes-long", POSTGRES.jdbcUrl(), "")
                .toString();
        Run dryRun = jar("db", "migrate", "--dry-run", config);
        assertThat(dryRun.exit()).as(dryRun.stderr()).isZero();
        assertThat(dryRun.stdout()).containsIgnoringCase("CREATE TABLE").contains("users", "password_hash");

        Run migrate = jar("db", "migrate", config);
        assertThat(migrate.exit()).as(migrate.stderr()).isZero();
        Run again = jar("db", "migrate", "--dry-run", config);
        assertThat(again.exit()).as(again.stderr()).isZero();
        assertThat(again.stdout()).doesNotContainIgnoringCase("CREATE TABLE");
    }

    static Run jar(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "target/server.jar"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String stdout = read(process.getInputStream());
            assertThat(process.waitFor(120, TimeUnit.SECONDS))
                    .as("%s finished", command)
                    .isTrue();
            return new Run(process.exitValue(), stdout, stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
