package io.slipway.server.auth;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** OAuth2-style bearer token answer. */
public record TokenResponse(
        @JsonProperty("access_token")
        @Schema(
                requiredMode = REQUIRED,
                maxLength = 4096,
                pattern = "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$")
        String accessToken,

        @JsonProperty("token_type") @Schema(requiredMode = REQUIRED, allowableValues = "bearer")
        String tokenType,

        @JsonProperty("expires_in")
        @Schema(
                requiredMode = REQUIRED,
                minimum = "1",
                maximum = "86400",
                description = "Seconds until the token expires.")
        long expiresIn) {

    @Override
    public String toString() {
        return "TokenResponse[token_type=" + tokenType + ", expires_in=" + expiresIn + "]";
    }
}
