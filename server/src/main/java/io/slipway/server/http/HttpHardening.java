package io.slipway.server.http;

import io.dropwizard.core.setup.Environment;
import io.slipway.server.auth.TokenService;
import io.slipway.server.cache.RedisConnection;
import io.slipway.server.errors.JettyErrorPages;
import io.slipway.server.observability.HttpServerMetrics;
import io.slipway.server.observability.Observability;
import io.slipway.server.observability.RequestIdFilter;
import io.slipway.server.observability.RequestObservationFilter;
import io.slipway.server.observability.tracing.ServerSpans;
import io.slipway.server.ratelimit.RateLimitFilter;
import io.slipway.server.ratelimit.RateLimitSettings;
import io.slipway.server.ratelimit.RateLimiter;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * What every request passes before the API sees it, in this order: its request id, its metrics
 * and span, the rate limits, the body limit and CORS; the admin port only from the allowed
 * networks; Jetty's own error pages as JSON.
 */
public final class HttpHardening {

    private HttpHardening() {}

    /** Installs the filters and error pages; the client addresses it trusts, for the API to register. */
    public static ClientAddresses install(
            HttpSettings http,
            RateLimitSettings rateLimits,
            Environment environment,
            Observability observability,
            Optional<RedisConnection> redis,
            TokenService tokens) {
        ServletFilters.add(environment, "request-id", new RequestIdFilter());
        ServletFilters.add(
                environment,
                "request-observation",
                new RequestObservationFilter(
                        new HttpServerMetrics(observability.prometheus()), new ServerSpans(observability.tracing())));
        ClientAddresses addresses = new ClientAddresses(http.getTrustedProxyHops());
        RateLimiter limiter = new RateLimiter(
                rateLimits,
                redis.map(RedisConnection::client),
                observability.outages(),
                observability.prometheus(),
                System::nanoTime);
        ServletFilters.add(
                environment,
                "rate-limit",
                new RateLimitFilter(
                        limiter,
                        tokens,
                        addresses,
                        environment.getObjectMapper().writer()));
        ServletFilters.add(
                environment,
                "request-body-limit",
                new RequestBodyLimitFilter(http.getMaxRequestBody().toBytes(), environment.getObjectMapper()));
        CrossOrigin.install(environment, http.corsOriginList());
        environment
                .admin()
                .addFilter("admin-allowlist", new AdminAllowlist(environment.getObjectMapper()))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        installErrorPages(environment);
        return addresses;
    }

    /** Jetty's own error responses, on both connectors and for requests it could not parse, as JSON. */
    private static void installErrorPages(Environment environment) {
        ErrorHandler json = JettyErrorPages.of(environment.getObjectMapper());
        environment.getApplicationContext().setErrorHandler(json);
        environment.getAdminContext().setErrorHandler(json);
        environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(json));
    }
}
