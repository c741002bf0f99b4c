package io.slipway.server.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/** OAuth2-style bearer token answer. */
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn) {

    @Override
    public String toString() {
        return "TokenResponse[token_type=" + tokenType + ", expires_in=" + expiresIn + "]";
    }
}
