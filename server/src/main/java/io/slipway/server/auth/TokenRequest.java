package io.slipway.server.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Login body. */
public record TokenRequest(
        @JsonProperty("email") @NotBlank @Size(max = 320) String email,
        @JsonProperty("password") @NotBlank @Size(max = 128) String password) {

    @Override
    public String toString() {
        return "TokenRequest[email=" + email + "]";
    }
}
