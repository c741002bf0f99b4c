package io.slipway.server.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.slipway.server.input.CleanText;
import io.slipway.server.input.CleanText.Kind;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/**
 * Partial update: absent fields are left as they are. Changing one's own password takes the
 * current one as well ({@code current_password}); an admin resetting someone else's does not.
 */
public record UserPatch(
        @JsonProperty("name")
        @Size(min = 1, max = 100)
        @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        @CleanText(Kind.DISPLAY)
        @Schema(example = "Ada King")
        String name,

        @JsonProperty("password")
        @Size(min = PasswordPolicy.MIN_LENGTH, max = PasswordPolicy.MAX_LENGTH)
        @CleanText(Kind.SECRET)
        @Schema(format = "password")
        String password,

        @JsonProperty("current_password")
        @Size(max = 128)
        @CleanText(Kind.SECRET)
        @Schema(format = "password", description = "Your current password: required to change your own.")
        String currentPassword) {

    public Optional<String> newName() {
        return Optional.ofNullable(name).map(String::strip);
    }

    public Optional<String> newPassword() {
        return Optional.ofNullable(password);
    }

    public Optional<String> givenCurrentPassword() {
        return Optional.ofNullable(currentPassword);
    }

    public boolean isEmpty() {
        return name == null && password == null;
    }

    @Override
    public String toString() {
        return "UserPatch[name=" + name + ", password=" + (password == null ? "absent" : "***") + "]";
    }
}
