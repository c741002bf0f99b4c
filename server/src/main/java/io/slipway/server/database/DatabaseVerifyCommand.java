package io.slipway.server.database;

import io.dropwizard.migrations.AbstractLiquibaseCommand;
import io.dropwizard.migrations.MigrationsBundle;
import io.slipway.server.SlipwayConfiguration;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.database.jvm.JdbcConnection;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code db-verify [--expect TABLE=N | TABLE>=N]... config.yml}: whether a database is one this
 * build can serve — every change set of the changelog applied, none it does not know — and how many
 * rows each table holds, with the newest write. The restore drill runs it against the restored copy
 * (docs/operating.md, "Backups and the restore drill"); any mismatch is one line and exit 1.
 */
public final class DatabaseVerifyCommand extends AbstractLiquibaseCommand<SlipwayConfiguration> {

    private static final Pattern EXPECTATION = Pattern.compile("([a-z_][a-z0-9_]*)(>?=)(\\d{1,18})");

    private final PrintStream stdout;

    public DatabaseVerifyCommand(MigrationsBundle<SlipwayConfiguration> migrations, PrintStream stdout) {
        super(
                "db-verify",
                "Check that the database's schema is this build's and its row counts are as expected",
                migrations,
                SlipwayConfiguration.class,
                SchemaMigrations.CHANGELOG);
        this.stdout = stdout;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser
                .addArgument("--expect")
                .action(Arguments.append())
                .metavar("TABLE=N")
                .help("the rows TABLE must hold: exactly N (TABLE=N) or at least N (TABLE>=N); repeatable");
    }

    @Override
    public void run(Namespace namespace, Liquibase liquibase) throws Exception {
        List<Expected> expected = expectations(namespace.getList("expect"));
        List<String> mismatches = new ArrayList<>();

        List<ChangeSet> pending = liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression());
        var unknown = liquibase.listUnexpectedChangeSets(new Contexts(), new LabelExpression());
        List<RanChangeSet> ran = liquibase.getDatabase().getRanChangeSetList();
        stdout.println("schema: " + ran.size() + " change sets applied"
                + ran.stream()
                        .reduce((first, second) -> second)
                        .map(last -> ", the last " + last.getId())
                        .orElse("")
                + "; " + pending.size() + " pending, " + unknown.size() + " unknown to this build");
        if (!pending.isEmpty()) {
            mismatches.add("change sets not applied: "
                    + String.join(", ", pending.stream().map(ChangeSet::getId).toList()));
        }
        if (!unknown.isEmpty()) {
            mismatches.add("change sets this build does not know (a newer release wrote this database): "
                    + String.join(
                            ", ", unknown.stream().map(RanChangeSet::getId).toList()));
        }

        Connection connection = ((JdbcConnection) liquibase.getDatabase().getConnection()).getUnderlyingConnection();
        Map<String, Long> rows = rowCounts(connection);
        for (Map.Entry<String, Long> table : rows.entrySet()) {
            stdout.println(
                    table.getKey() + ": " + table.getValue() + " rows" + newestWrite(connection, table.getKey()));
        }
        for (Expected expectation : expected) {
            Long actual = rows.get(expectation.table());
            if (actual == null) {
                mismatches.add("--expect " + expectation.table() + ": no such table (tables: "
                        + String.join(", ", rows.keySet()) + ")");
            } else if (expectation.atLeast() ? actual < expectation.rows() : actual != expectation.rows()) {
                mismatches.add(expectation.table() + " has " + actual + " rows, expected "
                        + (expectation.atLeast() ? "at least " : "") + expectation.rows());
            }
        }
        if (!mismatches.isEmpty()) {
            throw new IllegalStateException("db-verify: " + String.join("; ", mismatches));
        }
        stdout.println("db-verify: the database matches");
    }

    private record Expected(String table, boolean atLeast, long rows) {}

    private static List<Expected> expectations(List<String> arguments) {
        List<Expected> expected = new ArrayList<>();
        for (String argument : arguments == null ? List.<String>of() : arguments) {
            Matcher m = EXPECTATION.matcher(argument);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "db-verify: --expect " + argument + ": write TABLE=N or TABLE>=N, e.g. --expect users=1234");
            }
            expected.add(new Expected(m.group(1), m.group(2).equals(">="), Long.parseLong(m.group(3))));
        }
        return expected;
    }

    /** Every table of the current schema but Liquibase's own. */
    private static Map<String, Long> rowCounts(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs =
                connection.getMetaData().getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!table.startsWith("databasechangelog")) {
                    tables.add(table);
                }
            }
        }
        Map<String, Long> rows = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    rows.put(table, rs.getLong(1));
                }
            }
        }
        return rows;
    }

    /** For a table with {@code updated_at}: its newest value, the point in time the copy holds data up to. */
    private static String newestWrite(Connection connection, String table) throws SQLException {
        try (ResultSet columns =
                connection.getMetaData().getColumns(null, connection.getSchema(), table, "updated_at")) {
            if (!columns.next()) {
                return "";
            }
        }
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT max(updated_at) FROM " + table)) {
            rs.next();
            OffsetDateTime newest = rs.getObject(1, OffsetDateTime.class);
            return newest == null ? "" : ", newest write " + newest.toInstant();
        }
    }
}
