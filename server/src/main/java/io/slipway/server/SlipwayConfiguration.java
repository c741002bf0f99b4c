package io.slipway.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.slipway.server.auth.AuthSettings;
import io.slipway.server.cache.RedisSettings;
import io.slipway.server.database.DatabaseSettings;
import io.slipway.server.http.HttpSettings;
import io.slipway.server.observability.ReleaseSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Everything the server reads from its YAML file. With no file the embedded default
 * ({@code embedded.yml} on the classpath) is used; {@code server/config.yml} is the production
 * shape, with every value taken from an environment variable.
 */
public class SlipwayConfiguration extends Configuration {

    @Valid
    @NotNull
    @JsonProperty
    private DatabaseSettings database = new DatabaseSettings();

    @Valid
    @NotNull
    @JsonProperty
    private RedisSettings redis = new RedisSettings();

    @Valid
    @NotNull
    @JsonProperty
    private AuthSettings auth = new AuthSettings();

    @Valid
    @NotNull
    @JsonProperty
    private HttpSettings http = new HttpSettings();

    @Valid
    @NotNull
    @JsonProperty
    private ReleaseSettings release = new ReleaseSettings();

    public DatabaseSettings getDatabase() {
        return database;
    }

    public RedisSettings getRedis() {
        return redis;
    }

    public AuthSettings getAuth() {
        return auth;
    }

    public HttpSettings getHttp() {
        return http;
    }

    public ReleaseSettings getRelease() {
        return release;
    }
}
