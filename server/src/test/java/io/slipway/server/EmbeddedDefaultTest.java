package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.slipway.server.support.Api;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** No configuration file at all: embedded H2, no Redis, a generated signing key. */
@ExtendWith(DropwizardExtensionsSupport.class)
class EmbeddedDefaultTest {

    static final DropwizardAppExtension<SlipwayConfiguration> APP = new DropwizardAppExtension<>(
            SlipwayApplication.class,
            null,
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config("http.corsOrigins", "https://app.example.com"),
            ConfigOverride.config("bootstrapAdmin.email", "Root@Example.com"),
            ConfigOverride.config("bootstrapAdmin.password", "bootstrap admin password"));

    @Test
    void theBootstrapAdminFromTheEnvironmentCanUseTheAdminEndpoints() {
        Api api = new Api(APP.getLocalPort());
        String token = api.post(
                        "/api/v1/auth/token",
                        Map.of("email", "root@example.com", "password", "bootstrap admin password"))
                .json()
                .get("access_token")
                .asText();
        Api.Reply users = api.get("/api/v1/users", "Authorization", "Bearer " + token);
        assertThat(users.status()).isEqualTo(200);
        assertThat(users.json().at("/items/0/email").asText()).isEqualTo("root@example.com");
    }

    @Test
    void corsAllowsExactlyTheConfiguredOrigins() {
        Api api = new Api(APP.getLocalPort());
        Api.Reply allowed = api.send(api.request(
                        "/api/v1/users", "Origin", "https://app.example.com", "Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        Api.Reply refused = api.send(
                api.request("/api/v1/users", "Origin", "https://evil.example", "Access-Control-Request-Method", "POST")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void servesTheWholeApiWithZeroSetup() {
        SlipwayConfiguration configuration = APP.getConfiguration();
        assertThat(configuration.getDatabase().getUrl()).startsWith("jdbc:h2:mem:");
        assertThat(configuration.getRedis().uri()).isEmpty();

        Api api = new Api(APP.getLocalPort());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/health/ready").status() == 200);
        assertThat(api.get("/health/ready").json().at("/checks/redis/healthy").asBoolean())
                .isTrue();

        String password = "embedded password 1";
        assertThat(api.post("/api/v1/users", Map.of("email", "e@example.com", "name", "E", "password", password))
                        .status())
                .isEqualTo(201);
        String token = api.post("/api/v1/auth/token", Map.of("email", "e@example.com", "password", password))
                .json()
                .get("access_token")
                .asText();
        assertThat(api.get("/api/v1/users/me", "Authorization", "Bearer " + token)
                        .json()
                        .get("email")
                        .asText())
                .isEqualTo("e@example.com");
        assertThat(new Api(APP.getAdminPort()).get("/prometheus").text()).doesNotContain("slipway_cache_operations");
    }
}
