package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.server.support.Cli;
import io.slipway.server.support.ConfigFile;
import io.slipway.server.support.PostgresServer;
import io.slipway.server.support.RealParts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands: configuration checks, migrations and admin creation. */
@RealParts
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

        String secret = "a-secret-that-is-at-least-32-bytes-long";
        for (String previous :
                List.of("short", secret, "another-key-at-least-32-bytes-long\\nanother-key-at-least-32-bytes-long")) {
            Path rotation = config(secret, POSTGRES.jdbcUrl(), "");
            Files.writeString(
                    rotation,
                    Files.readString(rotation)
                            .replace(
                                    "jwtSecret: \"" + secret + "\"",
                                    "jwtSecret: \"" + secret + "\"\n  previousJwtSecrets: \"" + previous + "\""));
            Cli.Run badRotation = Cli.run("", "check", rotation.toString());
            assertThat(badRotation.failure()).as(previous).isPresent();
            assertThat(badRotation.stderr())
                    .isEqualTo(rotation + ": auth.previousJwtSecrets: each key must be at least 32 bytes, at most 3"
                            + " keys, none the current auth.jwtSecret (set JWT_PREVIOUS_SECRETS)\n");
        }

        Map<String, String> badTracing = Map.of(
                "tracing:\n  endpoint: collector:4318\n",
                "tracing.endpoint must be empty (tracing off) or an http(s) URL",
                "tracing:\n  endpoint: http://zipkin:9411/api/v2/spans\n  protocol: zipkin\n  headers: Authentication=t\n",
                "tracing.headers must be name=value pairs separated by commas, and only with OTLP",
                "tracing:\n  samplingRatio: 1.5\n",
                "tracing.samplingRatio must be less than or equal to 1.0");
        for (Map.Entry<String, String> tracing : badTracing.entrySet()) {
            Path traced = config(secret, POSTGRES.jdbcUrl(), "");
            Files.writeString(traced, Files.readString(traced) + tracing.getKey());
            Cli.Run refused = Cli.run("", "check", traced.toString());
            assertThat(refused.failure()).as(tracing.getKey()).isPresent();
            assertThat(refused.stderr()).isEqualTo(traced + ": " + tracing.getValue() + "\n");
        }

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

        // Without it readiness would not wait for the database: a pod that never reached it would take traffic.
        Path readyWithoutDatabase = config("a-secret-that-is-at-least-32-bytes-long", POSTGRES.jdbcUrl(), "");
        String text = Files.readString(readyWithoutDatabase);
        String required = "- name: database-reached\n      critical: true\n";
        assertThat(text).contains(required);
        Files.writeString(
                readyWithoutDatabase, text.replace(required, "- name: database-reached\n      critical: false\n"));
        Cli.Run notWaiting = Cli.run("", "check", readyWithoutDatabase.toString());
        assertThat(notWaiting.failure()).isPresent();
        assertThat(notWaiting.stderr()).contains("\"database-reached\" with critical: true");

        // A check by query waits for a frozen database to answer its cancel, and so does the request next in line.
        Path checkedByQuery = config("a-secret-that-is-at-least-32-bytes-long", POSTGRES.jdbcUrl(), "");
        text = Files.readString(checkedByQuery);
        assertThat(text).contains("  validationQuery: null\n");
        Files.writeString(checkedByQuery, text.replace("  validationQuery: null\n", "  validationQuery: SELECT 1\n"));
        Cli.Run byQuery = Cli.run("", "check", checkedByQuery.toString());
        assertThat(byQuery.failure()).isPresent();
        assertThat(byQuery.stderr()).contains("database.validationQuery must be null");
        // Left out, it is unset, whatever Dropwizard's own default.
        Files.writeString(checkedByQuery, text.replace("  validationQuery: null\n", ""));
        Cli.Run leftOut = Cli.run("", "check", checkedByQuery.toString());
        assertThat(leftOut.failure()).as(leftOut.stderr()).isEmpty();
    }

    @Test
    void productionConfigRefusesToStartNamingEveryRequiredVariableInOneLine() {
        String file = Path.of("config.yml").toAbsolutePath().toString();
        Cli.Run run = Cli.run("", "check", file);
        assertThat(run.failure()).isPresent();
        assertThat(run.stderr())
                .isEqualTo(file + ": set DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, JWT_SECRET; they have no"
                        + " default (see docs/configuration.md)\n");
    }

    @Test
    void everyInvalidValueIsOneLineNamingFileAndKeyWithoutATrace() throws IOException {
        Path file = config("too-short", "postgres://nope", "");
        Cli.Run run = Cli.run("", "check", file.toString());
        assertThat(run.stderr().lines())
                .containsExactlyInAnyOrder(
                        file + ": auth.jwtSecret must be at least 32 bytes (set JWT_SECRET)",
                        file + ": database.url must be a JDBC URL of the form jdbc:postgresql://host:5432/db (or"
                                + " jdbc:h2:... for the embedded default)");

        Cli.Run usage = Cli.run("", "create-admin");
        assertThat(usage.stderr().lines())
                .containsExactly(
                        "argument --email is required",
                        // In-process the jar is the test classes' folder, which Dropwizard names project.jar.
                        "usage: java -jar project.jar create-admin --email EMAIL [--name NAME] [-h] [file] (-h for"
                                + " help)");

        Cli.Run absent = Cli.run("", "check", directory.resolve("nowhere.yml").toString());
        assertThat(absent.stderr())
                .isEqualTo("File " + directory.resolve("nowhere.yml") + " not found; give the path of a configuration"
                        + " file, or none for the embedded default\n");

        Cli.Run bootstrap = Cli.run("", "check");
        assertThat(bootstrap.failure()).isEmpty();
    }

    @Test
    void createAdminOnTheEmbeddedDefaultSaysHowToGetAnAdminThere() {
        Cli.Run run = Cli.run("long enough password\n", "create-admin", "--email", "ops@example.com");
        assertThat(run.failure()).isPresent();
        assertThat(run.stderr().lines())
                .singleElement()
                .asString()
                .startsWith("create-admin: the embedded default's database lives inside the server process")
                .contains("SLIPWAY_ADMIN_EMAIL and SLIPWAY_ADMIN_PASSWORD");
    }

    @Test
    void adminsAreCreatedOrPromotedOnceTheSchemaIsMigrated() throws IOException {
        String file = config("a-secret-that-is-at-least-32-bytes-long", POSTGRES.jdbcUrl(), "")
                .toString();
        Cli.Run tooEarly = Cli.run("long enough password\n", "create-admin", "--email", "ops@example.com", file);
        assertThat(tooEarly.failure()).isPresent();
        assertThat(tooEarly.stderr())
                .isEqualTo("create-admin: the database has no users table yet; run 'db migrate' with the same"
                        + " configuration file first\n");

        Cli.Run migrate = Cli.run("", "db", "migrate", file);
        assertThat(migrate.failure()).as(migrate.stderr()).isEmpty();

        Cli.Run weak = Cli.run("short\n", "create-admin", "--email", "ops@example.com", file);
        assertThat(weak.failure()).isPresent();
        assertThat(weak.stderr())
                .isEqualTo("create-admin: password must be at least 12 characters (from SLIPWAY_ADMIN_PASSWORD or"
                        + " stdin)\n");
        Cli.Run overlong = Cli.run(
                Map.of("SLIPWAY_ADMIN_PASSWORD", "x".repeat(129)),
                "",
                "create-admin",
                "--email",
                "ops@example.com",
                file);
        assertThat(overlong.stderr())
                .as("one policy: the API's 128 characters")
                .isEqualTo("create-admin: password must be at most 128 characters (from SLIPWAY_ADMIN_PASSWORD or"
                        + " stdin)\n");

        Cli.Run created = Cli.run("long enough password\n", "create-admin", "--email", "Ops@Example.com", file);
        assertThat(created.failure()).as(created.stderr()).isEmpty();
        assertThat(created.stdout()).contains("admin ops@example.com", "version=1");
        Cli.Run promotedAgain = Cli.run("another long password\n", "create-admin", "--email", "ops@example.com", file);
        assertThat(promotedAgain.stdout()).contains("admin ops@example.com", "version=2");
        assertThat(promotedAgain.stdout() + promotedAgain.stderr()).doesNotContain("another long password");
    }
}
