package io.slipway.server.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client team's first day: the Java client OpenAPI Generator makes from docs/api/openapi.json (at
 * build time, by the server module's pom) runs the whole flow with typed results and typed errors.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GeneratedClientTest {

    static final String ADMIN_EMAIL = "client-admin@example.com";
    static final String ADMIN_PASSWORD = "generated client admin password";

    static final DropwizardAppExtension<SlipwayConfiguration> APP = new DropwizardAppExtension<>(
            SlipwayApplication.class,
            null,
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config(
                    "database.url",
                    "jdbc:h2:mem:client;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"),
            ConfigOverride.config("bootstrapAdmin.email", ADMIN_EMAIL),
            ConfigOverride.config("bootstrapAdmin.password", ADMIN_PASSWORD));

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
}
