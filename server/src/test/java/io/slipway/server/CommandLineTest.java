package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.server.support.Cli;
import io.slipway.server.support.ConfigFile;
import io.slipway.server.support.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands: configuration checks, migrations and admin creation. */
class CommandLineTest {

    static final PostgresServer.Database POSTGRES = PostgresServer.sharedDatabase("command_line");

    @TempDir
    Path directory;

    Path config(String jwtSecret, String databaseUrl, String redisUrl) throws IOException {
        return ConfigFile.write(directory, jwtSecret, databaseUrl, redisUrl);
    }

    @Test
    void invalidConfigurationFailsNamingTheKey() throws IOException {
        Cli.Run shortSecret =
                Cli.run("", "check", config("too-short", POSTGRES.jdbcUrl(), "").toString());
        assertThat(shortSecret.failure()).isPresent();
        assertThat(shortSecret.stderr()).contains("auth.jwtSecret", "at least 32 bytes");

        Cli.Run badDatabase = Cli.run(
                "",
                "check",
                config("a-secret-that-is-at-least-32-bytes-long", "postgres://nope", "")
                        .toString());
        assertThat(badDatabase.stderr()).contains("database.url", "jdbc:postgresql://");

        Cli.Run badRedis = Cli.run(
                "",
                "check",
                config("a-secret-that-is-at-least-32-bytes-long", POSTGRES.jdbcUrl(), "localhost:6379")
                        .toString());
        assertThat(badRedis.stderr()).contains("redis.url", "redis://");

        Cli.Run good = Cli.run(
                "",
                "check",
                config("a-secret-that-is-at-least-32-bytes-long", POSTGRES.jdbcUrl(), "redis://127.0.0.1:6379/0")
                        .toString());
        assertThat(good.failure()).as(good.stderr()).isEmpty();

        // Without Slipway's health responder there would be no /health/live or /health/ready to probe.
        Path noProbes = config("a-secret-that-is-at-least-32-bytes-long", POSTGRES.jdbcUrl(), "");
        Files.writeString(noProbes, Files.readString(noProbes).replace("  responder:\n    type: probes\n", ""));
        Cli.Run withoutProbes = Cli.run("", "check", noProbes.toString());
        assertThat(withoutProbes.failure()).isPresent();
        assertThat(withoutProbes.stderr())
                .contains("health.responseProvider.type and health.responder.type must be \"probes\"");
    }

    @Test
    void productionConfigRefusesToStartWithoutItsRequiredVariables() {
        Cli.Run run =
                Cli.run("", "check", Path.of("config.yml").toAbsolutePath().toString());
        assertThat(run.failure()).isPresent();
        assertThat(run.stderr())
                .contains("Cannot resolve variable 'DATABASE_URL'")
                .doesNotContain("\tat ");
    }

    @Test
    void adminsAreCreatedOrPromotedOnceTheSchemaIsMigrated() throws IOException {
        String file = config("a-secret-that-is-at-least-32-bytes-long", POSTGRES.jdbcUrl(), "")
                .toString();
        Cli.Run tooEarly = Cli.run("long enough password\n", "create-admin", "--email", "ops@example.com", file);
        assertThat(tooEarly.failure()).isPresent();

        Cli.Run migrate = Cli.run("", "db", "migrate", file);
        assertThat(migrate.failure()).as(migrate.stderr()).isEmpty();

        Cli.Run weak = Cli.run("short\n", "create-admin", "--email", "ops@example.com", file);
        assertThat(weak.failure()).isPresent();
        assertThat(weak.stderr()).contains("at least 12 characters");

        Cli.Run created = Cli.run("long enough password\n", "create-admin", "--email", "Ops@Example.com", file);
        assertThat(created.failure()).as(created.stderr()).isEmpty();
        assertThat(created.stdout()).contains("admin ops@example.com", "version=1");
        Cli.Run promotedAgain = Cli.run("another long password\n", "create-admin", "--email", "ops@example.com", file);
        assertThat(promotedAgain.stdout()).contains("admin ops@example.com", "version=2");
        assertThat(promotedAgain.stdout() + promotedAgain.stderr()).doesNotContain("another long password");
    }
}
