package io.slipway.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slipway.server.support.InMemoryApi;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Logging in over HTTP without a server or a database: tokens for the right password only, never
 * cached, and an account's failures throttled per account whatever the password says next.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TokenResourceTest {

    static final String EMAIL = "ada@example.com";
    static final String PASSWORD = "correct horse battery";
    static final UUID ADA = UUID.fromString("7b0c6f0e-5a4f-4d52-9a52-2f3c9f1f0a11");

    final PasswordHasher hasher = new PasswordHasher();
    final Credentials stored = new Credentials(ADA, Role.USER, hasher.hash(PASSWORD), 3);
    final Accounts accounts = new Accounts() {
        @Override
        public Optional<Credentials> credentials(String email) {
            return Optional.of(stored).filter(c -> email.equals(EMAIL));
        }

        @Override
        public Optional<Credentials> credentials(UUID id) {
            return Optional.of(stored).filter(c -> id.equals(ADA));
        }
    };
    final TokenService tokens = new TokenService(
            "a-test-secret-that-is-at-least-32-bytes".getBytes(StandardCharsets.UTF_8),
            "slipway",
            "slipway-api",
            Duration.ofMinutes(30),
            Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC));

    final ResourceExtension resources = InMemoryApi.builder()
            .addResource(new TokenResource(new CredentialCheck(accounts, hasher, throttle()), tokens))
            .build();

    /** The default allowance: five failures per account in 15 minutes. */
    static LoginThrottle throttle() {
        return new LoginThrottle(new ThrottleSettings(), new PrometheusRegistry());
    }

    @Test
    void theRightPasswordGetsATokenNoCacheMayKeep() {
        Response issued = login(" Ada@Example.com ", PASSWORD);
        assertThat(issued.getStatus()).isEqualTo(200);
        assertThat(issued.getHeaderString(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
        assertThat(issued.getHeaderString("Pragma")).isEqualTo("no-cache");
        JsonNode body = issued.readEntity(JsonNode.class);
        assertThat(body.path("token_type").asText()).isEqualTo("bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(1800);
        // The token names the user and the token generation it was issued under.
        assertThat(tokens.verify(body.path("access_token").asText())).contains(new TokenService.Claims(ADA, 3));
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailAreTheSameRefusal() {
        assertThat(InMemoryApi.errorFields(login(EMAIL, "not the password"), 401, "unauthorized"))
                .isEmpty();
        assertThat(InMemoryApi.errorFields(login("nobody@example.com", PASSWORD), 401, "unauthorized"))
                .isEmpty();
        assertThat(InMemoryApi.errorFields(login(EMAIL, null), 422, "validation_failed"))
                .containsKey("password");
    }

    @Test
    void anAccountsFailuresAreThrottledEvenForTheRightPasswordAfterwards() {
        for (int i = 0; i < new ThrottleSettings().getAccountFailures(); i++) {
            assertThat(login(EMAIL, "guess " + i).getStatus()).isEqualTo(401);
        }
        Response throttled = login(EMAIL, PASSWORD);
        assertThat(throttled.getStatus()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.getHeaderString(HttpHeaders.RETRY_AFTER)))
                .isPositive();
    }

    Response login(String email, String password) {
        Map<String, String> body = new HashMap<>();
        body.put("email", email);
        body.put("password", password);
        return resources.target("/api/v1/auth/token").request().post(Entity.json(body));
    }
}
