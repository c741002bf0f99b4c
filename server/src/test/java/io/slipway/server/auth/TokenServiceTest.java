package io.slipway.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
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

    static final byte[] NEXT = "the-next-key-that-is-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8);

    /** The three steps of docs/operating.md's rotation, on one clock: nobody's token stops early, the old key ends. */
    @Test
    void aRotatedKeyKeepsItsTokensUntilTheyExpireAndNoLonger() {
        TestClock clock = new TestClock();
        TokenService before = new TokenService(SECRET, "slipway", "slipway-api", LIFETIME, clock);
        String old = before.issue(USER, Role.USER, 1).accessToken();
        assertThat(JWT.decode(old).getKeyId()).isEqualTo(SigningKeys.keyId(SECRET));

        TokenService staged =
                new TokenService(SigningKeys.of(SECRET, List.of(NEXT)), "slipway", "slipway-api", LIFETIME, clock);
        TokenService rotated =
                new TokenService(SigningKeys.of(NEXT, List.of(SECRET)), "slipway", "slipway-api", LIFETIME, clock);
        String fresh = rotated.issue(USER, Role.USER, 1).accessToken();
        assertThat(JWT.decode(fresh).getKeyId()).isEqualTo(SigningKeys.keyId(NEXT));
        assertThat(staged.verify(fresh))
                .as("a pod not yet rotated accepts the new key's tokens")
                .isPresent();
        assertThat(rotated.verify(old))
                .as("the old key's token, after the swap")
                .isPresent();

        clock.advance(LIFETIME.minusMinutes(1));
        assertThat(rotated.verify(old)).isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThat(rotated.verify(old)).as("expired as it always would").isEmpty();

        TokenService done = new TokenService(NEXT, "slipway", "slipway-api", LIFETIME, new TestClock());
        assertThat(done.verify(old)).as("the removed key").isEmpty();
        assertThat(done.verify(fresh)).isPresent();
    }

    @Test
    void aTokenNamingAnUnknownKeyIsRefusedAndOneNamingNoneIsTriedAgainstEach() {
        TestClock clock = new TestClock();
        TokenService rotated =
                new TokenService(SigningKeys.of(NEXT, List.of(SECRET)), "slipway", "slipway-api", LIFETIME, clock);
        assertThat(rotated.verify(signedBySecret(null, clock)))
                .as("issued before key ids")
                .contains(new TokenService.Claims(USER, 2));
        assertThat(rotated.verify(signedBySecret(SigningKeys.keyId(NEXT), clock)))
                .as("signed by another key than it names")
                .isEmpty();
        assertThat(rotated.verify(signedBySecret("0123456789abcdef", clock))).isEmpty();
    }

    /** A token signed with {@link #SECRET} that names {@code keyId} (none when null). */
    static String signedBySecret(String keyId, Clock clock) {
        JWTCreator.Builder token = JWT.create()
                .withIssuer("slipway")
                .withAudience("slipway-api")
                .withSubject(USER.toString())
                .withClaim("gen", 2)
                .withExpiresAt(clock.instant().plus(LIFETIME));
        if (keyId != null) {
            token.withKeyId(keyId);
        }
        return token.sign(Algorithm.HMAC256(SECRET));
    }
}
