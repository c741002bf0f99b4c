package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.slipway.server.support.Api;
import io.slipway.server.support.Api.Reply;
import io.slipway.server.support.RealParts;
import io.slipway.server.support.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pod whose database cannot be reached from the start (a wrong {@code DATABASE_URL}, a missing
 * NetworkPolicy) runs, says why in its log and is never ready, so a rollout stops before it
 * replaces pods that work.
 */
@RealParts
@ExtendWith(DropwizardExtensionsSupport.class)
class NeverReachedDatabaseTest {

    static final Path LOG = TestApp.logFile(NeverReachedDatabaseTest.class);
    // Nothing listens on port 1; Redis is off; migrations are the Job's, as in production.
    static final DropwizardAppExtension<SlipwayConfiguration> APP = TestApp.with(
            () -> "jdbc:postgresql://127.0.0.1:1/slipway",
            () -> "",
            LOG,
            ConfigOverride.config("database.migrateOnStart", "false"));

    @Test
    void itRunsAndSaysWhyButIsNeverReady() throws Exception {
        Api pod = new Api(APP.getLocalPort());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(LOG) && Files.readString(LOG).contains("database unreachable"));
        // Once, at start, the pool says what it met.
        assertThat(Files.readString(LOG)).contains("Unable to create initial connections", "Connection refused");
        Reply notReady = pod.get("/health/ready");
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.json().get("status").asText()).isEqualTo("unavailable");
        assertThat(notReady.json().at("/checks/database-reached/healthy").asBoolean())
                .isFalse();
        assertThat(pod.get("/health/live").status()).isEqualTo(200);
        Reply refused = pod.post(
                "/api/v1/users", Map.of("email", "a@example.com", "name", "A", "password", "correct horse battery"));
        assertThat(refused.status()).as(refused.text()).isEqualTo(503);
        assertThat(refused.json().get("error").asText()).isEqualTo("unavailable");
        assertThat(refused.header("Retry-After")).isNotBlank();
    }
}
