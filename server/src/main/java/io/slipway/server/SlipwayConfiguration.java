package io.slipway.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.health.DefaultHealthFactory;
import io.dropwizard.validation.ValidationMethod;
import io.slipway.server.auth.AuthSettings;
import io.slipway.server.cache.RedisSettings;
import io.slipway.server.database.DatabaseSettings;
import io.slipway.server.health.ProbeResponder;
import io.slipway.server.health.ProbeStatus;
import io.slipway.server.http.HttpSettings;
import io.slipway.server.observability.ReleaseSettings;
import io.slipway.server.observability.tracing.TracingSettings;
import io.slipway.server.ratelimit.RateLimitSettings;
import io.slipway.server.users.BootstrapAdmin;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.Optional;

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

    @Valid
    @NotNull
    @JsonProperty
    private BootstrapAdmin bootstrapAdmin = new BootstrapAdmin();

    @Valid
    @NotNull
    @JsonProperty
    private TracingSettings tracing = new TracingSettings();

    @Valid
    @NotNull
    @JsonProperty
    private RateLimitSettings rateLimits = new RateLimitSettings();

    public RateLimitSettings getRateLimits() {
        return rateLimits;
    }

    public TracingSettings getTracing() {
        return tracing;
    }

    public BootstrapAdmin getBootstrapAdmin() {
        return bootstrapAdmin;
    }

    /** The in-memory database of the embedded default, which only the server process itself can reach. */
    @JsonIgnore
    public boolean isInMemoryDatabase() {
        return database.getUrl().startsWith("jdbc:h2:mem:");
    }

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

    /** The probes Kubernetes calls exist only with Slipway's health responder and response provider. */
    @ValidationMethod(
            message = "health.responseProvider.type and health.responder.type must be \"probes\": they serve "
                    + "/health/live and /health/ready")
    @JsonIgnore
    public boolean isServingProbes() {
        return defaultHealth()
                .filter(health -> health.getHealthResponseProviderFactory() instanceof ProbeStatus
                        && health.getHealthResponderFactory() instanceof ProbeResponder)
                .isPresent();
    }

    /** Readiness waits for the database's first contact; without this check a pod that never reached it would be ready. */
    @ValidationMethod(message = "health.healthChecks must list \"database-reached\" with critical: true (readiness)")
    @JsonIgnore
    public boolean isReadinessWaitingForTheDatabase() {
        return defaultHealth()
                .map(health -> health.getHealthCheckConfigurations().stream()
                        .anyMatch(check -> check.getName().equals("database-reached") && check.isCritical()))
                .orElse(false);
    }

    private Optional<DefaultHealthFactory> defaultHealth() {
        return getHealthFactory().filter(DefaultHealthFactory.class::isInstance).map(DefaultHealthFactory.class::cast);
    }
}
