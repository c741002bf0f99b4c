package io.slipway.server.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Token signing and lifetime. */
public class AuthSettings {

    static final int MIN_SECRET_BYTES = 32;

    /** HMAC-SHA256 key; empty means "generate one per start" (embedded default only). */
    @NotNull
    @JsonProperty
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private String jwtSecret = "";

    /**
     * Keys tokens are still accepted from, separated by commas or whitespace: during a rotation, the
     * key that signed until now (docs/operating.md, "Rotate the JWT key").
     */
    @NotNull
    @JsonProperty
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private String previousJwtSecrets = "";

    @NotBlank
    @JsonProperty
    private String issuer = "slipway";

    @NotBlank
    @JsonProperty
    private String audience = "slipway-api";

    @Min(1)
    @Max(1440)
    @JsonProperty
    private int accessTokenExpireMinutes = 30;

    @JsonProperty
    private boolean allowGeneratedSecret = false;

    /**
     * How stale a caller's role and token generation may be on one pod: deleting, demoting or
     * re-passwording a user ends its tokens on every pod within this time.
     */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration revocationCheckInterval = Duration.seconds(5);

    @Valid
    @NotNull
    @JsonProperty
    private HashingSettings hashing = new HashingSettings();

    @Valid
    @NotNull
    @JsonProperty
    private ThrottleSettings throttle = new ThrottleSettings();

    @ValidationMethod(message = "auth.jwtSecret must be at least 32 bytes (set JWT_SECRET)")
    public boolean isJwtSecretStrong() {
        if (jwtSecret.isEmpty()) {
            return allowGeneratedSecret;
        }
        return jwtSecret.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES;
    }

    @ValidationMethod(
            message = "auth.previousJwtSecrets: each key must be at least 32 bytes, at most 3 keys, none the current"
                    + " auth.jwtSecret (set JWT_PREVIOUS_SECRETS)")
    public boolean isPreviousJwtSecretsValid() {
        List<byte[]> previous = SigningKeys.parseList(previousJwtSecrets);
        return previous.size() <= 3
                && previous.stream().allMatch(key -> key.length >= MIN_SECRET_BYTES)
                && previous.stream().noneMatch(key -> new String(key, StandardCharsets.UTF_8).equals(jwtSecret))
                && previous.stream().map(SigningKeys::keyId).distinct().count() == previous.size();
    }

    public List<byte[]> getPreviousJwtSecrets() {
        return SigningKeys.parseList(previousJwtSecrets);
    }

    public String getJwtSecret() {
        return jwtSecret;
    }

    public String getIssuer() {
        return issuer;
    }

    public String getAudience() {
        return audience;
    }

    public int getAccessTokenExpireMinutes() {
        return accessTokenExpireMinutes;
    }

    public Duration getRevocationCheckInterval() {
        return revocationCheckInterval;
    }

    public HashingSettings getHashing() {
        return hashing;
    }

    public ThrottleSettings getThrottle() {
        return throttle;
    }
}
