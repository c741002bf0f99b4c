package io.slipway.server.auth;

import com.auth0.jwt.JWT;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.slipway.server.users.Role;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and verifies HS256 access tokens. Verification pins the algorithm (so {@code alg: none}
 * and algorithm swaps fail), and checks signature, issuer, audience and expiry.
 */
public final class TokenService {

    private static final String ROLE_CLAIM = "role";
    /** Clock skew tolerated on {@code exp}, {@code iat} and {@code nbf}. */
    private static final long LEEWAY_SECONDS = 5;

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final String issuer;
    private final String audience;
    private final Duration lifetime;
    private final Clock clock;
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    public TokenService(byte[] secret, String issuer, String audience, Duration lifetime, Clock clock) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.issuer = issuer;
        this.audience = audience;
        this.lifetime = lifetime;
        this.clock = clock;
        this.verifier = JWT.require(algorithm).withIssuer(issuer).withAudience(audience)
                .withClaimPresence(ROLE_CLAIM).withClaimPresence("sub").acceptLeeway(LEEWAY_SECONDS).build();
    }

    public static TokenService from(AuthSettings settings, byte[] secret, Clock clock) {
        return new TokenService(secret, settings.getIssuer(), settings.getAudience(),
                Duration.ofMinutes(settings.getAccessTokenExpireMinutes()), clock);
    }

    public TokenResponse issue(UUID userId, Role role) {
        Instant now = clock.instant();
        String token = JWT.create()
                .withIssuer(issuer)
                .withAudience(audience)
                .withSubject(userId.toString())
                .withClaim(ROLE_CLAIM, role.wireName())
                .withIssuedAt(now)
                .withExpiresAt(now.plus(lifetime))
                .withJWTId(UUID.randomUUID().toString())
                .sign(algorithm);
        return new TokenResponse(token, "bearer", lifetime.toSeconds());
    }

    /**
     * The caller a token proves, if it is valid now. Tokens that verified before are remembered
     * with their expiry, so a client's repeated calls skip the signature and JSON work; a
     * remembered token still stops working the moment it expires.
     */
    public Optional<AuthenticatedUser> verify(String token) {
        Verified known = verified.getIfPresent(token);
        if (known == null) {
            try {
                DecodedJWT jwt = verifier.verify(token);
                String role = jwt.getClaim(ROLE_CLAIM).asString();
                if (role == null || jwt.getExpiresAtAsInstant() == null) {
                    return Optional.empty();
                }
                known = new Verified(new AuthenticatedUser(UUID.fromString(jwt.getSubject()), Role.fromWireName(role)),
                        jwt.getExpiresAtAsInstant());
                verified.put(token, known);
            } catch (JWTVerificationException | IllegalArgumentException e) {
                return Optional.empty(); // bad signature/claims, or a subject or role that is not ours
            }
        }
        return known.expiresAt().plusSeconds(LEEWAY_SECONDS).isAfter(clock.instant()) ? Optional.of(known.user()) : Optional.empty();
    }

    private record Verified(AuthenticatedUser user, Instant expiresAt) {
    }
}
