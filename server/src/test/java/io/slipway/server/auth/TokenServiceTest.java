package io.slipway.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tokens against a clock the test moves: what the HTTP tests cannot wait thirty minutes for. */
class TokenServiceTest {

    static final byte[] SECRET = "a-secret-that-is-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8);
    static final Duration LIFETIME = Duration.ofMinutes(30);
    static final UUID USER = UUID.fromString("00000000-0000-0000-0000-000000000001");

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-11-28T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void aTokenCarriesItsGenerationAndExpiresEvenAfterItWasRemembered() {
        TestClock clock = new TestClock();
        TokenService tokens = new TokenService(SECRET, "slipway", "slipway-api", LIFETIME, clock);
        TokenResponse issued = tokens.issue(USER, Role.ADMIN, 7);
        assertThat(issued.expiresIn()).isEqualTo(LIFETIME.toSeconds());

        assertThat(tokens.verify(issued.accessToken())).contains(new TokenService.Claims(USER, 7));
        clock.advance(LIFETIME.minusSeconds(1));
        assertThat(tokens.verify(issued.accessToken()))
                .as("remembered, still valid")
                .isPresent();
        // Past expiry and the 5 s leeway: the remembered verdict no longer counts.
        clock.advance(Duration.ofSeconds(6));
        assertThat(tokens.verify(issued.accessToken())).isEmpty();
    }

    @Test
    void aTokenOfAnotherIssuerAudienceOrKeyOrAlteredIsRefused() {
        TestClock clock = new TestClock();
        TokenService tokens = new TokenService(SECRET, "slipway", "slipway-api", LIFETIME, clock);
        String token = tokens.issue(USER, Role.USER, 1).accessToken();

        assertThat(new TokenService(SECRET, "other", "slipway-api", LIFETIME, clock).verify(token))
                .isEmpty();
        assertThat(new TokenService(SECRET, "slipway", "other-api", LIFETIME, clock).verify(token))
                .isEmpty();
        assertThat(new TokenService(
                                "another-secret-that-is-32-bytes-long!!".getBytes(StandardCharsets.UTF_8),
                                "slipway",
                                "slipway-api",
                                LIFETIME,
                                clock)
                        .verify(token))
                .isEmpty();
        String[] parts = token.split("\\.");
        assertThat(tokens.verify(parts[0] + "." + parts[1] + "x." + parts[2])).isEmpty();
        assertThat(tokens.verify("not.a.token")).isEmpty();
    }

    @Test
    void aTokenIssuedInTheFutureIsRefusedBeyondTheLeeway() {
        TestClock issuer = new TestClock();
        issuer.advance(Duration.ofMinutes(10));
        String fromTheFuture = new TokenService(SECRET, "slipway", "slipway-api", LIFETIME, issuer)
                .issue(USER, Role.USER, 1)
                .accessToken();
        assertThat(new TokenService(SECRET, "slipway", "slipway-api", LIFETIME, new TestClock()).verify(fromTheFuture))
                .as("iat ten minutes ahead of the verifier's clock")
                .isEmpty();
    }
}
