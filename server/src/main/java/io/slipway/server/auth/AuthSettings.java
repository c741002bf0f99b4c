package io.slipway.server.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;

/** Token signing and lifetime. */
public class AuthSettings {

    static final int MIN_SECRET_BYTES = 32;

    /** HMAC-SHA256 key; empty means "generate one per start" (embedded default only). */
    @NotNull
    @JsonProperty
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private String jwtSecret = "";

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

    @ValidationMethod(message = "auth.jwtSecret must be at least 32 bytes (set JWT_SECRET)")
    public boolean isJwtSecretStrong() {
        if (jwtSecret.isEmpty()) {
            return allowGeneratedSecret;
        }
        return jwtSecret.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES;
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
}
