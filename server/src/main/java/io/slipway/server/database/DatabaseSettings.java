package io.slipway.server.database;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Pattern;

/** Dropwizard's pooled data source, restricted to the two databases the schema supports. */
public final class DatabaseSettings extends DataSourceFactory {

    /** Apply pending migrations before serving; on for the embedded default, off in clusters (a PreSync Job migrates). */
    @JsonProperty
    private boolean migrateOnStart = false;

    /** Dropwizard's default is a validation query; without one the pool checks with {@code isValid}. */
    public DatabaseSettings() {
        setValidationQuery(null);
    }

    @Override
    @Pattern(
            regexp = "^jdbc:(postgresql://|h2:).+",
            message =
                    "must be a JDBC URL of the form jdbc:postgresql://host:5432/db (or jdbc:h2:... for the embedded default)")
    public String getUrl() {
        return super.getUrl();
    }

    /**
     * The pool checks connections with {@code Connection.isValid}, bounded by the network timeout. A
     * check by query is bounded by a query timeout, which pgjdbc enforces with a cancel that it then
     * waits for: against a frozen database that holds the checked connection, and the request that
     * takes it next, for up to 10 s.
     */
    @ValidationMethod(
            message = "database.validationQuery must be null: connections are checked with Connection.isValid, "
                    + "which a frozen database cannot hold past validationQueryTimeout")
    @JsonIgnore
    public boolean isCheckedWithoutQuery() {
        return getValidationQuery().isEmpty();
    }

    public boolean isMigrateOnStart() {
        return migrateOnStart;
    }
}
