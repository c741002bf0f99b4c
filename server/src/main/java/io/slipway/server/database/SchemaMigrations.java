package io.slipway.server.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Applies {@value #CHANGELOG} — the same changelog {@code db migrate} runs — at startup, for the
 * embedded default where no one else will. Liquibase's console output goes to the log, so stdout
 * stays one JSON object per line.
 */
public final class SchemaMigrations {

    public static final String CHANGELOG = "migrations.xml";

    private SchemaMigrations() {}

    public static void apply(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try {
                migrate(connection);
            } finally {
                // Liquibase turns auto-commit off; a pooled connection handed back that way would
                // silently hold every later statement on it in a transaction nobody commits.
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database migration failed: cannot connect: " + e.getMessage(), e);
        }
    }

    private static void migrate(Connection connection) {
        try {
            Map<String, Object> scope = Map.of(
                    Scope.Attr.ui.name(), new LoggerUIService(),
                    Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor());
            Scope.child(scope, () -> {
                Database database =
                        DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
                new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                        .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                        .execute();
            });
        } catch (Exception e) {
            throw new IllegalStateException("database migration failed: " + e.getMessage(), e);
        }
    }
}
