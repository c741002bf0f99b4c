package io.slipway.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.server.support.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * docs/operating.md's restore drill, its shell block run as written against a real PostgreSQL with
 * {@code pg_dump} and {@code pg_restore} standing in for the RDS backup; and {@code db-verify}, the
 * packaged jar's check the drill ends with, failing where it must.
 */
class RestoreDrillIT {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern BLOCK =
            Pattern.compile("(?ms)^<!-- restore drill: RestoreDrillIT runs this block -->\\n```shell\\n(.*?)^```");

    record Run(int exit, String output) {}

    @BeforeAll
    static void clientTools() {
        for (String tool : List.of("pg_dump", "pg_restore", "createdb", "dropdb")) {
            Assumptions.assumeTrue(
                    onPath(tool), tool + " is not installed (Debian: postgresql-client); .ci/run installs it");
        }
    }

    @Test
    void theDrillAsWrittenRestoresEveryRowAndVerifiesIt() throws Exception {
        PostgresServer.Database source = PostgresServer.sharedDatabase("drill_source");
        Run migrate = jar(source.jdbcUrl(), "db", "migrate", "config.yml");
        assertThat(migrate.exit()).as(migrate.output()).isZero();
        sql(source.jdbcUrl(), insertUsers(7));

        Matcher block = BLOCK.matcher(Files.readString(ROOT.resolve("docs/operating.md")));
        assertThat(block.find()).as("the drill's block in docs/operating.md").isTrue();
        URI uri = URI.create(source.jdbcUrl().substring("jdbc:".length()));
        ProcessBuilder drill = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + block.group(1))
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        drill.environment()
                .putAll(Map.of(
                        "PGHOST",
                        uri.getHost(),
                        "PGPORT",
                        String.valueOf(uri.getPort()),
                        "PGUSER",
                        "postgres",
                        "PGPASSWORD",
                        "postgres",
                        "SOURCE_DB",
                        uri.getPath().substring(1),
                        "PATH",
                        javaHome() + "/bin:" + System.getenv("PATH")));
        Run run = run(drill);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("users: 7 rows, newest write ")
                .contains("schema: 2 change sets applied, the last 2-token-generation; 0 pending, 0 unknown")
                .contains("db-verify: the database matches");
        assertThat(ROOT.resolve("restore-drill.dump")).doesNotExist();
    }

    @Test
    void dbVerifyFailsOnAMissingChangeSetOrAWrongCountInOneLine() throws Exception {
        PostgresServer.Database copy = PostgresServer.sharedDatabase("drill_checks");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(copy.jdbcUrl());
        dataSource.setUser("postgres");
        dataSource.setPassword("postgres");
        SchemaMigrations.apply(dataSource);
        sql(copy.jdbcUrl(), insertUsers(3));

        Run wrongCounts =
                jar(copy.jdbcUrl(), "db-verify", "--expect", "users>=4", "--expect", "accounts=3", "config.yml");
        assertThat(wrongCounts.exit()).isEqualTo(1);
        assertThat(wrongCounts.output())
                .contains("db-verify: users has 3 rows, expected at least 4; --expect accounts: no such table"
                        + " (tables: users)");
        Run badExpectation = jar(copy.jdbcUrl(), "db-verify", "--expect", "users=many", "config.yml");
        assertThat(badExpectation.exit()).isEqualTo(1);
        assertThat(badExpectation.output())
                .contains("db-verify: --expect users=many: write TABLE=N or TABLE>=N, e.g. --expect users=1234");

        sql(copy.jdbcUrl(), "DELETE FROM databasechangelog WHERE id = '2-token-generation'");
        Run behind = jar(copy.jdbcUrl(), "db-verify", "--expect", "users=3", "config.yml");
        assertThat(behind.exit()).isEqualTo(1);
        assertThat(behind.output()).contains("db-verify: change sets not applied: 2-token-generation");

        sql(
                copy.jdbcUrl(),
                "INSERT INTO databasechangelog (id, author, filename, dateexecuted, orderexecuted, exectype)"
                        + " VALUES ('2-token-generation', 'slipway', 'migrations.xml', now(), 2, 'EXECUTED'),"
                        + " ('9-from-a-newer-release', 'slipway', 'migrations.xml', now(), 3, 'EXECUTED')");
        // As the runbook checks a scratch instance from a production pod: the URL as a dw. override.
        Run ahead = jar(
                "jdbc:postgresql://127.0.0.1:1/not-this-one",
                List.of("-Xmx96m", "-Ddw.database.url=" + copy.jdbcUrl()),
                "db-verify",
                "config.yml");
        assertThat(ahead.exit()).isEqualTo(1);
        assertThat(ahead.output())
                .contains("db-verify: change sets this build does not know (a newer release wrote this database):"
                        + " 9-from-a-newer-release");
    }

    static String insertUsers(int count) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add("('" + UUID.randomUUID() + "', 'drill-" + UUID.randomUUID()
                    + "@example.com', 'Drill', 'not-a-hash', 'USER', 1, now(), now())");
        }
        return "INSERT INTO users (id, email, name, password_hash, role, version, created_at, updated_at) VALUES "
                + String.join(", ", rows);
    }

    static void sql(String jdbcUrl, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    /** The packaged jar on {@code server/config.yml}, its database {@code jdbcUrl}. */
    static Run jar(String jdbcUrl, String... args) throws Exception {
        return jar(jdbcUrl, List.of(), args);
    }

    static Run jar(String jdbcUrl, List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaHome() + "/bin/java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", "target/server.jar"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment()
                .putAll(Map.of(
                        "DATABASE_URL", jdbcUrl,
                        "DATABASE_USER", "postgres",
                        "DATABASE_PASSWORD", "postgres",
                        "JWT_SECRET", "a-secret-that-is-at-least-32-bytes-long"));
        return run(builder);
    }

    static Run run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    static String javaHome() {
        return System.getProperty("java.home");
    }

    static boolean onPath(String tool) {
        for (String directory : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }
}
