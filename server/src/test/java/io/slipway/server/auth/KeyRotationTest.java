package io.slipway.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.slipway.server.SlipwayConfiguration;
import io.slipway.server.support.Api;
import io.slipway.server.support.Api.Reply;
import io.slipway.server.support.PostgresServer;
import io.slipway.server.support.RealParts;
import io.slipway.server.support.TestApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * docs/operating.md's JWT key rotation, step by step, each step a restart of the real server on one
 * database (as a rollout restarts the pods): a session started before the rotation lasts through it,
 * new sessions are signed with the new key, and the old key's tokens end when the key is removed.
 */
@RealParts
class KeyRotationTest {

    static final String OLD = "old-key-0123456789-0123456789-0123456789";
    static final String NEW = "new-key-0123456789-0123456789-0123456789";
    static final String PASSWORD = "correct horse battery";
    static final PostgresServer.Database DATABASE = PostgresServer.sharedDatabase("rotation");

    @Test
    void aRotationKeepsEverySession() throws Exception {
        String email = "rotated-" + UUID.randomUUID() + "@example.com";
        String id;
        String before;
        try (Step step = new Step("before", OLD, "")) {
            Reply created =
                    step.api.post("/api/v1/users", Map.of("email", email, "name", "Rotated", "password", PASSWORD));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            id = created.json().get("id").asText();
            before = step.login(email);
            assertThat(keyId(before)).isEqualTo(SigningKeys.keyId(bytes(OLD)));
        }
        try (Step step = new Step("1-stage the new key", OLD, NEW)) {
            assertThat(step.read(id, before)).isEqualTo(200);
            assertThat(keyId(step.login(email)))
                    .as("still signed with the old key")
                    .isEqualTo(keyId(before));
            assertThat(step.log())
                    .contains("accepting keys [" + SigningKeys.keyId(bytes(OLD)) + ", " + SigningKeys.keyId(bytes(NEW))
                            + "]");
        }
        String after;
        try (Step step = new Step("2-sign with the new key", NEW, OLD)) {
            assertThat(step.read(id, before))
                    .as("the session from before the rotation")
                    .isEqualTo(200);
            after = step.login(email);
            assertThat(keyId(after)).isEqualTo(SigningKeys.keyId(bytes(NEW)));
            assertThat(step.read(id, after)).isEqualTo(200);
        }
        try (Step step = new Step("3-remove the old key", NEW, "")) {
            assertThat(step.read(id, before)).as("the removed key's token").isEqualTo(401);
            assertThat(step.read(id, after)).isEqualTo(200);
            assertThat(step.log()).doesNotContain(OLD).doesNotContain(NEW);
        }
    }

    static String keyId(String token) {
        return JWT.decode(token).getKeyId();
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** The server started with these keys, as a pod of the rollout that configured them. */
    static final class Step implements AutoCloseable {
        final DropwizardAppExtension<SlipwayConfiguration> app;
        final Api api;
        final Path log;

        Step(String name, String current, String previous) throws Exception {
            log = Files.createTempFile("rotation-" + name.replace(' ', '-'), ".log");
            app = TestApp.with(
                    DATABASE::jdbcUrl,
                    () -> "",
                    log,
                    ConfigOverride.config("auth.jwtSecret", current),
                    ConfigOverride.config("auth.previousJwtSecrets", previous));
            app.before();
            api = new Api(app.getLocalPort());
        }

        String login(String email) {
            Reply token = api.post("/api/v1/auth/token", Map.of("email", email, "password", PASSWORD));
            assertThat(token.status()).as(token.text()).isEqualTo(200);
            return token.json().get("access_token").asText();
        }

        int read(String id, String token) {
            return api.get("/api/v1/users/" + id, "Authorization", "Bearer " + token)
                    .status();
        }

        String log() throws Exception {
            return Files.readString(log);
        }

        @Override
        public void close() {
            app.after();
        }
    }
}
