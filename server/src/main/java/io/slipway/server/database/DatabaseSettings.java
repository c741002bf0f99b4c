package io.slipway.server.database;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.constraints.Pattern;

/** Dropwizard's pooled data source, restricted to the two databases the schema supports. */
public class DatabaseSettings extends DataSourceFactory {

    /** Apply pending migrations before serving; on for the embedded default, off in clusters (a PreSync Job migrates). */
    @JsonProperty
    private boolean migrateOnStart = false;

    @Override
    @Pattern(
            regexp = "^jdbc:(postgresql://|h2:).+",
            message =
                    "must be a JDBC URL of the form jdbc:postgresql://host:5432/db (or jdbc:h2:... for the embedded default)")
    public String getUrl() {
        return super.getUrl();
    }

    public boolean isMigrateOnStart() {
        return migrateOnStart;
    }
}
