package io.slipway.server.database;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.slipway.server.health.FirstContact;
import io.slipway.server.observability.tracing.Tracing;
import org.jdbi.v3.core.Jdbi;

/** The database as the server uses it: a traced, managed pool, its statement policy and its schema. */
public final class Database {

    private Database() {}

    /** Jdbi on the configured database; its schema migrated first where {@code migrateOnStart} says so. */
    public static Jdbi install(DatabaseSettings settings, Environment environment, Tracing tracing) {
        ManagedDataSource dataSource = tracing.traced(settings.build(environment.metrics(), "database"));
        Jdbi jdbi = new JdbiFactory().build(environment, settings, dataSource, "database");
        StatementPolicy.applyTo(jdbi);
        environment
                .healthChecks()
                .register("database-reached", new FirstContact(environment.healthChecks(), "database"));
        if (settings.isMigrateOnStart()) {
            SchemaMigrations.apply(dataSource);
        }
        return jdbi;
    }
}
