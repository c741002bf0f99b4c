package io.slipway.server.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/** Partial update: absent fields are left as they are. */
public record UserPatch(
        @JsonProperty("name") @Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        @JsonProperty("password") @Size(min = 12, max = 128) String password) {

    public Optional<String> newName() {
        return Optional.ofNullable(name);
    }

    public Optional<String> newPassword() {
        return Optional.ofNullable(password);
    }

    public boolean isEmpty() {
        return name == null && password == null;
    }

    @Override
    public String toString() {
        return "UserPatch[name=" + name + ", password=" + (password == null ? "absent" : "***") + "]";
    }
}
