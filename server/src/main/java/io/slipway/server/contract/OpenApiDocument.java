package io.slipway.server.contract;

import io.slipway.server.contract.ApiComponents.ErrorResponse;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import java.util.Set;

/**
 * The API's OpenAPI document, read by swagger-core from the resources' annotations, plus what no
 * annotation can say: the reads served before Jersey ({@code UserReadEndpoint}), and the facts
 * every operation shares — it can be refused by the rate limit (429), fail (500) or find a
 * dependency out (503), carries the {@code RateLimit} headers on every 2xx and 4xx, and is public
 * ({@code security: [{}]}) unless it names the bearer scheme.
 */
public final class OpenApiDocument {

    static final String USERS_TAG = "users";
    static final String AUTH_TAG = "auth";
    private static final String USER_SCHEMA = "#/components/schemas/User";

    private OpenApiDocument() {}

    /** The document for these JAX-RS resources and the reads served in front of them. */
    public static OpenAPI of(Class<?>... resources) {
        OpenAPI base = new OpenAPI()
                .info(new Info()
                        .title("Slipway API")
                        .version("v1")
                        .description("Users and authentication. Every error answers with one JSON body"
                                + " (`Error`); every answer says where its caller stands against the rate limit"
                                + " (`RateLimit`, `RateLimit-Policy`). Written for client authors: docs/api.md.")
                        .contact(new Contact()
                                .name("Slipway maintainers")
                                .url("https://gitlab.example.com/platform/slipway/-/issues"))
                        .license(new License().name("Proprietary")))
                .servers(List.of(server()))
                .tags(List.of(
                        new Tag().name(USERS_TAG).description("Register, read, change and delete users."),
                        new Tag().name(AUTH_TAG).description("Exchange email and password for a bearer token.")))
                .components(ApiComponents.build())
                .security(List.of(new SecurityRequirement().addList(ApiComponents.BEARER)))
                .paths(new Paths());
        OpenAPI api = new Reader(new SwaggerConfiguration().openAPI(base)).read(Set.of(resources));
        PathItem byId = api.getPaths().get("/api/v1/users/{id}");
        byId.get(read(
                        "getUser",
                        "Read a user (yourself, or anyone as an admin)",
                        List.of(ErrorResponse.UNAUTHORIZED, ErrorResponse.FORBIDDEN, ErrorResponse.NOT_FOUND))
                .addParametersItem(new PathParameter()
                        .name("id")
                        .description("The user's id")
                        .schema(new StringSchema().format("uuid").maxLength(36))));
        api.getPaths()
                .addPathItem(
                        "/api/v1/users/me",
                        new PathItem()
                                .get(read(
                                        "getCurrentUser",
                                        "Read the caller's own user",
                                        List.of(ErrorResponse.UNAUTHORIZED, ErrorResponse.NOT_FOUND))));
        api.getPaths().forEach((path, item) -> item.readOperations().forEach(OpenApiDocument::shared));
        return api;
    }

    private static Server server() {
        Server server = new Server()
                .url("/")
                .description("The host that served this document: production (https://api.platform.io),"
                        + " staging (https://api.staging.platform.io), dev, or a local server");
        // Spectral's OWASP inventory rule: say who the server is for (everyone: a public API).
        server.addExtension("x-internal", false);
        return server;
    }

    /** What every operation answers besides its own responses, and its security when it names none. */
    private static void shared(Operation operation) {
        for (ErrorResponse always :
                List.of(ErrorResponse.TOO_MANY_REQUESTS, ErrorResponse.INTERNAL_ERROR, ErrorResponse.UNAVAILABLE)) {
            operation.getResponses().addApiResponse(always.status, new ApiResponse().$ref(always.ref));
        }
        operation.getResponses().forEach((status, response) -> {
            if (response.get$ref() == null) {
                ApiComponents.addCommonHeaders(response, status);
                // swagger-core gives a referenced header its default style; a $ref takes no siblings.
                response.getHeaders().values().stream()
                        .filter(header -> header.get$ref() != null)
                        .forEach(header -> {
                            header.setStyle(null);
                            header.setExplode(null);
                        });
            }
        });
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
            // An empty requirement: anyone may call it (OpenAPI 3.0, "Security Requirement Object").
            operation.setSecurity(List.of(new SecurityRequirement()));
        }
    }

    /** One user read: served by UserReadEndpoint, a servlet filter that no annotation reader sees. */
    private static Operation read(String operationId, String summary, List<ErrorResponse> errors) {
        ApiResponses responses = new ApiResponses()
                .addApiResponse(
                        "200",
                        new ApiResponse()
                                .description("The user; ETag is its version, for If-Match on a later write.")
                                .content(new Content()
                                        .addMediaType(
                                                "application/json",
                                                new MediaType().schema(new Schema<>().$ref(USER_SCHEMA))))
                                .addHeaderObject(ApiComponents.ETAG, ApiComponents.headerRef(ApiComponents.ETAG)));
        for (ErrorResponse error : errors) {
            responses.addApiResponse(error.status, new ApiResponse().$ref(error.ref));
        }
        return new Operation()
                .operationId(operationId)
                .summary(summary)
                .description("Served from the cache when the user was read recently. HEAD answers the same"
                        + " headers without the body.")
                .addTagsItem(USERS_TAG)
                .addSecurityItem(new SecurityRequirement().addList(ApiComponents.BEARER))
                .responses(responses);
    }
}
