package io.slipway.server.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.slipway.client.ApiClient;
import io.slipway.client.ApiException;
import io.slipway.client.ApiResponse;
import io.slipway.client.api.AuthApi;
import io.slipway.client.api.UsersApi;
import io.slipway.client.model.Error;
import io.slipway.client.model.NewUser;
import io.slipway.client.model.TokenRequest;
import io.slipway.client.model.TokenResponse;
import io.slipway.client.model.User;
import io.slipway.client.model.UserPatch;
import io.slipway.client.model.UsersPage;
import io.slipway.server.SlipwayApplication;
import io.slipway.server.SlipwayConfiguration;
import io.slipway.server.support.Api;
import io.slipway.server.support.ApiContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a client team meets, on the embedded default. The published document, docs/api/openapi.json,
 * is exactly what the server serves at /openapi.json: generated from the code, committed so that a
 * change to the contract shows in review (after a deliberate change:
 * {@code ./mvnw -pl server test -Dtest=ApiClientsTest -Dgolden.update=true}, and review the diff).
 * The Java client OpenAPI Generator makes from it (at build time, by the server module's pom) runs
 * the whole flow with typed results and errors, and /docs serves Swagger UI from the jar alone.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiClientsTest {

    static final String ADMIN_EMAIL = "client-admin@example.com";
    static final String ADMIN_PASSWORD = "generated client admin password";

    static final DropwizardAppExtension<SlipwayConfiguration> APP = new DropwizardAppExtension<>(
            SlipwayApplication.class,
            null,
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            // Its own in-memory database: other tests' embedded servers run in this JVM too.
            ConfigOverride.config(
                    "database.url",
                    "jdbc:h2:mem:contract;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"),
            ConfigOverride.config("bootstrapAdmin.email", ADMIN_EMAIL),
            ConfigOverride.config("bootstrapAdmin.password", ADMIN_PASSWORD));

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePublishedDocumentIsTheServedOne() throws IOException {
        Api.Reply served = new Api(APP.getLocalPort()).get("/openapi.json");
        assertThat(served.status()).isEqualTo(200);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(ApiContract.DOCUMENT, served.text() + "\n", StandardCharsets.UTF_8);
        }
        assertThat(JSON.readTree(Files.readString(ApiContract.DOCUMENT)))
                .as("docs/api/openapi.json is stale: regenerate it with -Dgolden.update=true and review the diff")
                .isEqualTo(served.json());
        assertThat(new Api(APP.getLocalPort()).get("/openapi.yaml").text()).startsWith("openapi: 3.0.1");
    }

    @Test
    void everyOperationIsNamedAndAnswersWhatItCanAnswer() throws IOException {
        JsonNode document = JSON.readTree(Files.readString(ApiContract.DOCUMENT));
        List<String> operationIds = new ArrayList<>();
        document.get("paths")
                .forEach(path -> path.forEach(operation -> {
                    operationIds.add(operation.get("operationId").asText());
                    JsonNode responses = operation.get("responses");
                    assertThat(responses.has("default")).isFalse();
                    assertThat(responses.fieldNames())
                            .toIterable()
                            .contains("429", "500", "503")
                            .anyMatch(status -> status.startsWith("2"));
                    assertThat(operation.get("security")).isNotEmpty();
                }));
        assertThat(operationIds)
                .containsExactlyInAnyOrder(
                        "registerUser",
                        "issueToken",
                        "getCurrentUser",
                        "getUser",
                        "listUsers",
                        "updateUser",
                        "deleteUser");
        JsonNode register = document.at("/paths/~1api~1v1~1users/post/responses/201");
        assertThat(register.at("/headers/Location/required").asBoolean()).isTrue();
        assertThat(register.at("/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/User");
        assertThat(document.at("/paths/~1api~1v1~1users~1{id}/delete/responses/204")
                        .has("content"))
                .isFalse();
        List<String> tokenFields = new ArrayList<>();
        document.at("/components/schemas/TokenResponse/required").forEach(field -> tokenFields.add(field.asText()));
        assertThat(tokenFields).containsExactlyInAnyOrder("access_token", "token_type", "expires_in");
    }

    @Test
    void registerTokenMeUpdateListDeleteThroughTheGeneratedClient() throws ApiException, IOException {
        UsersApi anonymous = new UsersApi(client(null));
        String email = "client-" + UUID.randomUUID() + "@example.com";
        String password = "generated client password";

        ApiResponse<User> registered = anonymous.registerUserWithHttpInfo(
                new NewUser().email(email).name("Generated").password(password));
        assertThat(registered.getStatusCode()).isEqualTo(201);
        User user = registered.getData();
        assertThat(registered.getHeaders().get("location"))
                .containsExactly("http://127.0.0.1:" + APP.getLocalPort() + "/api/v1/users/" + user.getId());
        assertThat(user.getRole()).isEqualTo(User.RoleEnum.USER);

        TokenResponse token = new AuthApi(client(null))
                .issueToken(new TokenRequest().email(email).password(password));
        assertThat(token.getTokenType()).isEqualTo(TokenResponse.TokenTypeEnum.BEARER);
        assertThat(token.getExpiresIn()).isPositive();
        UsersApi self = new UsersApi(client(token.getAccessToken()));

        User me = self.getCurrentUser();
        assertThat(me.getId()).isEqualTo(user.getId());
        assertThat(me.getEmail()).isEqualTo(email);

        User renamed = self.updateUser(user.getId(), "\"" + me.getVersion() + "\"", new UserPatch().name("Renamed"));
        assertThat(renamed.getName()).isEqualTo("Renamed");
        assertThat(renamed.getVersion()).isEqualTo(me.getVersion() + 1);

        // A stale version is a typed error, in the document's one error body.
        ApiException stale = catchThrowableOfType(
                ApiException.class,
                () -> self.updateUser(user.getId(), "\"" + me.getVersion() + "\"", new UserPatch().name("Lost")));
        assertThat(stale.getCode()).isEqualTo(412);
        Error body = new ObjectMapper().readValue(stale.getResponseBody(), Error.class);
        assertThat(body.getError()).isEqualTo(Error.ErrorEnum.PRECONDITION_FAILED);
        assertThat(body.getRequestId()).isNotBlank();

        String adminToken = new AuthApi(client(null))
                .issueToken(new TokenRequest().email(ADMIN_EMAIL).password(ADMIN_PASSWORD))
                .getAccessToken();
        UsersPage page = new UsersApi(client(adminToken)).listUsers(200, null);
        assertThat(page.getItems()).extracting(User::getId).contains(user.getId());

        self.deleteUser(user.getId(), "\"" + renamed.getVersion() + "\"");
        ApiException gone = catchThrowableOfType(ApiException.class, self::getCurrentUser);
        assertThat(gone.getCode()).isEqualTo(401);
    }

    private static ApiClient client(String bearerToken) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + APP.getLocalPort());
        if (bearerToken != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + bearerToken));
        }
        return client;
    }

    @Test
    void theDocsPageIsServedFromTheJarAlone() {
        Api api = new Api(APP.getLocalPort());
        Api.Reply page = api.get("/docs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "script-src 'self'");
        // Everything the page loads is this server's, and is served: nothing comes from a CDN.
        Matcher asset = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.text());
        List<String> assets = new ArrayList<>();
        while (asset.find()) {
            assets.add(asset.group(1));
        }
        assertThat(assets).isNotEmpty().allSatisfy(path -> {
            assertThat(path).startsWith("/docs/");
            assertThat(api.get(path).status()).as(path).isEqualTo(200);
        });
        assertThat(api.get("/docs/swagger-ui-bundle.js").header("Content-Type")).startsWith("text/javascript");
        assertThat(api.get("/docs/initializer.js").text()).contains("url: \"/openapi.json\"");
        assertThat(api.get("/docs/anything-else.js").status()).isEqualTo(404);
    }
}
