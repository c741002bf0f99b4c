package io.slipway.server.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Registration body. Only these fields are accepted: id, role and timestamps are the server's. */
public record NewUser(
        @JsonProperty("email") @NotBlank @Email @Size(max = 320) String email,
        @JsonProperty("name") @NotBlank @Size(max = 100) String name,
        @JsonProperty("password") @NotNull @Size(min = 12, max = 128) String password) {

    /** Surrounding whitespace is not part of an email or a name. */
    public NewUser {
        email = email == null ? null : email.trim();
        name = name == null ? null : name.trim();
    }

    @Override
    public String toString() {
        return "NewUser[email=" + email + ", name=" + name + "]";
    }
}
