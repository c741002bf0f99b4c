package io.slipway.server.http;

import io.dropwizard.core.setup.Environment;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.handler.CrossOriginHandler;

/** Jetty's CORS handler in front of the API, allowing exactly the configured origins (none by default). */
public final class CrossOrigin {

    private CrossOrigin() {}

    public static void install(Environment environment, List<String> origins) {
        if (origins.isEmpty()) {
            return;
        }
        CrossOriginHandler cors = new CrossOriginHandler();
        cors.setAllowedOriginPatterns(origins.stream()
                .map(o -> o.equals("*") ? ".*" : Pattern.quote(o))
                .collect(Collectors.toSet()));
        cors.setAllowedMethods(Set.of("GET", "POST", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(Set.of("Authorization", "Content-Type", "If-Match", "X-Request-ID"));
        cors.setExposedHeaders(
                Set.of("ETag", "Location", "X-Request-ID", "Retry-After", "RateLimit", "RateLimit-Policy"));
        cors.setAllowCredentials(false);
        cors.setPreflightMaxAge(Duration.ofMinutes(10));
        environment.getApplicationContext().insertHandler(cors);
    }
}
