package io.slipway.server.contract;

import com.google.common.base.Suppliers;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.models.OpenAPI;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * Serves {@code /openapi.json} and {@code /openapi.yaml}. The document is built at the first
 * request, not at start: reading the annotations takes a few hundred milliseconds that a starting
 * pod should not spend.
 */
@Path("/")
@Hidden
public final class OpenApiEndpoint {

    private final Supplier<String> json;
    private final Supplier<String> yaml;

    public OpenApiEndpoint(Supplier<OpenAPI> document) {
        Supplier<OpenAPI> once = Suppliers.memoize(document::get);
        this.json = Suppliers.memoize(() -> Json.pretty(once.get()));
        this.yaml = Suppliers.memoize(() -> Yaml.pretty(once.get()));
    }

    @GET
    @Path("openapi.json")
    @Produces("application/json")
    public Response json() {
        return Response.ok(json.get()).build();
    }

    @GET
    @Path("openapi.yaml")
    @Produces("application/yaml")
    public Response yaml() {
        return Response.ok(yaml.get()).build();
    }
}
