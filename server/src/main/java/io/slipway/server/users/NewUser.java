package io.slipway.server.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.slipway.server.input.CleanText;
import io.slipway.server.input.CleanText.Kind;
import io.slipway.server.input.EmailAddress;
import io.slipway.server.input.MailboxAddress;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Registration body. Only these fields are accepted: id, role and timestamps are the server's. The
 * email is checked in the form it is stored in ({@link EmailAddress}).
 */
public record NewUser(
        @JsonProperty("email")
        @NotNull
        @MailboxAddress
        @Schema(format = "email", maxLength = 320, example = "ada@example.com")
        String email,

        @JsonProperty("name")
        @NotBlank
        @Size(max = 100)
        @CleanText(Kind.DISPLAY)
        @Schema(pattern = "\\S", example = "Ada Lovelace")
        String name,

        @JsonProperty("password")
        @NotNull
        @Size(min = PasswordPolicy.MIN_LENGTH, max = PasswordPolicy.MAX_LENGTH)
        @CleanText(Kind.SECRET)
        @Schema(format = "password")
        String password) {

    /** Surrounding whitespace is not part of a name. */
    public NewUser {
        name = name == null ? null : name.strip();
    }

    @Override
    public String toString() {
        return "NewUser[email=" + email + ", name=" + name + "]";
    }
}
