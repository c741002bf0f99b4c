package io.slipway.server.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.slipway.server.input.CleanText;
import io.slipway.server.input.CleanText.Kind;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Login body. The email is looked up in its normalised form; a malformed one simply matches nobody. */
public record TokenRequest(
        @JsonProperty("email") @NotBlank @Size(max = 320) @CleanText(Kind.SECRET) @Schema(format = "email")
        String email,

        @JsonProperty("password") @NotBlank @Size(max = 128) @CleanText(Kind.SECRET) @Schema(format = "password")
        String password) {

    @Override
    public String toString() {
        return "TokenRequest[email=" + email + "]";
    }
}
