package io.slipway.server.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and verifies HS256 access tokens, signed with the current key of {@link SigningKeys} and
 * named by its {@code kid}. Verification pins the algorithm (so {@code alg: none}
 * and algorithm swaps fail), and checks signature, issuer, audience and expiry. A token carries
 * the user's token generation ({@code gen}); whether that is still the user's current generation,
 * and what role the user has now, is the caller's standing, checked by {@link BearerAuthenticator}.
 */
public final class TokenService {

    private static final String ROLE_CLAIM = "role";
    private static final String GENERATION_CLAIM = "gen";
    /** Clock skew tolerated on {@code exp}, {@code iat} and {@code nbf}. */
    private static final long LEEWAY_SECONDS = 5;

    private final SigningKeys keys;
    /** One verifier per accepted key, by key id, the current key's first. */
    private final Map<String, JWTVerifier> verifiers = new LinkedHashMap<>();

    private final String issuer;
    private final String audience;
    private final Duration lifetime;
    private final Clock clock;
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    public TokenService(SigningKeys keys, String issuer, String audience, Duration lifetime, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.lifetime = lifetime;
        this.clock = clock;
        // Each verifier reads exp, iat and nbf on the same clock the tokens are issued and remembered on.
        keys.accepted()
                .forEach((id, key) -> verifiers.put(
                        id,
                        ((JWTVerifier.BaseVerification) JWT.require(key)
                                        .withIssuer(issuer)
                                        .withAudience(audience)
                                        .withClaimPresence(GENERATION_CLAIM)
                                        .withClaimPresence("sub")
                                        .acceptLeeway(LEEWAY_SECONDS))
                                .build(clock)));
    }

    /** One key, signing and accepted. */
    public TokenService(byte[] secret, String issuer, String audience, Duration lifetime, Clock clock) {
        this(SigningKeys.of(secret), issuer, audience, lifetime, clock);
    }

    public static TokenService from(AuthSettings settings, SigningKeys keys, Clock clock) {
        return new TokenService(
                keys,
                settings.getIssuer(),
                settings.getAudience(),
                Duration.ofMinutes(settings.getAccessTokenExpireMinutes()),
                clock);
    }

    /** A token for {@code userId}; {@code role} is informational, {@code generation} is what revocation compares. */
    public TokenResponse issue(UUID userId, Role role, int generation) {
        Instant now = clock.instant();
        String token = JWT.create()
                .withIssuer(issuer)
                .withAudience(audience)
                .withSubject(userId.toString())
                .withClaim(ROLE_CLAIM, role.wireName())
                .withClaim(GENERATION_CLAIM, generation)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(lifetime))
                .withJWTId(UUID.randomUUID().toString())
                .withKeyId(keys.currentId())
                .sign(keys.current());
        return new TokenResponse(token, "bearer", lifetime.toSeconds());
    }

    /** What a valid token says about its bearer. */
    public record Claims(UUID userId, int generation) {}

    /**
     * The claims of a token that is valid now. Tokens that verified before are remembered with
     * their expiry, so a client's repeated calls skip the signature and JSON work; a remembered
     * token still stops working the moment it expires.
     */
    public Optional<Claims> verify(String token) {
        Verified known = verified.getIfPresent(token);
        if (known == null) {
            Optional<Verified> checked = check(token);
            if (checked.isEmpty()) {
                return Optional.empty();
            }
            known = checked.get();
            verified.put(token, known);
        }
        return known.expiresAt().plusSeconds(LEEWAY_SECONDS).isAfter(clock.instant())
                ? Optional.of(known.claims())
                : Optional.empty();
    }

    /**
     * Signature (by the key the token names; a token from before key ids, by any accepted key) and
     * registered claims, then our own: each present, of the right type and shape.
     */
    private Optional<Verified> check(String token) {
        DecodedJWT decoded;
        try {
            decoded = JWT.decode(token);
        } catch (JWTDecodeException e) {
            return Optional.empty();
        }
        Optional<DecodedJWT> verifiedJwt = candidates(decoded).stream()
                .flatMap(verifier -> verified(verifier, decoded).stream())
                .findFirst();
        if (verifiedJwt.isEmpty()) {
            return Optional.empty();
        }
        DecodedJWT jwt = verifiedJwt.get();
        Integer generation = jwt.getClaim(GENERATION_CLAIM).asInt();
        Instant expiresAt = jwt.getExpiresAtAsInstant();
        Optional<UUID> subject = userId(jwt.getSubject());
        if (generation == null || expiresAt == null || subject.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Verified(new Claims(subject.get(), generation), expiresAt));
    }

    /** The verifier of the key the token names, or every one for a token that names none. */
    private List<JWTVerifier> candidates(DecodedJWT token) {
        String keyId = token.getKeyId();
        if (keyId != null) {
            return Optional.ofNullable(verifiers.get(keyId)).stream().toList();
        }
        return List.copyOf(verifiers.values());
    }

    /** Checks the token as decoded once: its signature, algorithm and registered claims. */
    private static Optional<DecodedJWT> verified(JWTVerifier verifier, DecodedJWT token) {
        try {
            return Optional.of(verifier.verify(token));
        } catch (JWTVerificationException e) {
            return Optional.empty();
        }
    }

    private static Optional<UUID> userId(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(subject));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private record Verified(Claims claims, Instant expiresAt) {}
}
