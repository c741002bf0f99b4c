package io.slipway.server.support;

import com.codahale.metrics.health.HealthCheckRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.impl.StdSubtypeResolver;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.slipway.server.SlipwayApplication;
import io.slipway.server.errors.ErrorMappers;
import io.slipway.server.health.DependencyOutages;
import io.slipway.server.http.ClientAddress;
import io.slipway.server.http.RequestBodies;
import io.slipway.server.http.StrictUtf8Bodies;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * Resources served by Jersey in memory (no server, no sockets) as the application serves them: its
 * JSON mapping, strict bodies and error mappers, every request from {@link #CLIENT}.
 */
public final class InMemoryApi {

    /** The address every in-memory request comes from (a servlet request would have given one). */
    public static final ClientAddress CLIENT = new ClientAddress("192.0.2.7");

    private InMemoryApi() {}

    /** A builder with the application's providers; add the resources under test and their auth. */
    public static ResourceExtension.Builder builder() {
        ObjectMapper json = SlipwayApplication.objectMapper(new StdSubtypeResolver());
        RequestBodies.beStrict(json);
        ResourceExtension.Builder builder = ResourceExtension.builder()
                .setMapper(json)
                .setRegisterDefaultExceptionMappers(false)
                .addProvider(new StrictUtf8Bodies())
                .addProvider(new FromClient());
        ErrorMappers.all(new DependencyOutages(
                        new HealthCheckRegistry(), Executors.newSingleThreadScheduledExecutor(), System::nanoTime))
                .forEach(builder::addProvider);
        return builder;
    }

    /** The error body's {@code fields}, after checking its status and {@code error} code. */
    public static Map<String, String> errorFields(Response response, int status, String error) {
        JsonNode body = response.readEntity(JsonNode.class);
        if (response.getStatus() != status || !body.path("error").asText().equals(error)) {
            throw new AssertionError("expected " + status + " " + error + ", got " + response.getStatus() + " " + body);
        }
        Map<String, String> fields = new TreeMap<>();
        body.path("fields")
                .properties()
                .forEach(f -> fields.put(f.getKey(), f.getValue().asText()));
        return fields;
    }

    @PreMatching
    private static final class FromClient implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            CLIENT.assignTo(request);
        }
    }
}
