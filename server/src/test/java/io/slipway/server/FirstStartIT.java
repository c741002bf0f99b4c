package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.server.support.Api;
import io.slipway.server.support.PackagedServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A new user's first start: {@code java -jar server.jar server} with no configuration, as the README
 * says, and an admin from the environment. It says where it listens, listens on loopback only,
 * advertises nothing it would answer 404, and the admin it was given can use the admin endpoints.
 */
class FirstStartIT {

    static final String PASSWORD = "first start admin password";

    @Test
    void theEmbeddedDefaultServesAnAdminFromTheEnvironmentOnLoopback() {
        try (PackagedServer server = PackagedServer.startEmbedded(
                Map.of("SLIPWAY_ADMIN_EMAIL", "Ops@Example.com", "SLIPWAY_ADMIN_PASSWORD", PASSWORD))) {
            Api api = new Api(server.port());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> api.get("/health/ready").status() == 200);
            String token = api.post("/api/v1/auth/token", Map.of("email", "ops@example.com", "password", PASSWORD))
                    .json()
                    .get("access_token")
                    .asText();
            Api.Reply users = api.get("/api/v1/users", "Authorization", "Bearer " + token);
            assertThat(users.status()).isEqualTo(200);
            assertThat(users.json().at("/items/0/role").asText()).isEqualTo("admin");

            String log = server.log();
            assertThat(log.lines().filter(line -> line.contains("slipway listening")))
                    .singleElement()
                    .asString()
                    .contains("API http://127.0.0.1:" + server.port() + "/, admin http://127.0.0.1:"
                            + server.adminPort() + "/");
            assertThat(log)
                    .contains("{127.0.0.1:" + server.port() + "}", "created the bootstrap admin ops@example.com")
                    .doesNotContain("/tasks/", PASSWORD, "\\tat ");
        }
    }
}
