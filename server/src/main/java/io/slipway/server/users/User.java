package io.slipway.server.users;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.slipway.server.auth.Role;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A user as the API shows it; the password hash never enters this type. */
public record User(
        @JsonProperty("id") @Schema(requiredMode = REQUIRED, format = "uuid", maxLength = 36)
        UUID id,

        @JsonProperty("email")
        @Schema(requiredMode = REQUIRED, format = "email", maxLength = 320, example = "ada@example.com")
        String email,

        @JsonProperty("name")
        @Schema(requiredMode = REQUIRED, maxLength = 100, pattern = "\\S", example = "Ada Lovelace")
        String name,

        @JsonProperty("role") @Schema(requiredMode = REQUIRED)
        Role role,

        @JsonProperty("version")
        @Schema(
                requiredMode = REQUIRED,
                minimum = "1",
                maximum = "999999999",
                description = "Grows by one with every change; the ETag.")
        int version,

        @JsonProperty("created_at") @Schema(requiredMode = REQUIRED, maxLength = 40)
        Instant createdAt,

        @JsonProperty("updated_at") @Schema(requiredMode = REQUIRED, maxLength = 40)
        Instant updatedAt) {

    @JsonCreator
    public User {}

    /** Strong entity tag of this version, as sent in {@code ETag} and expected in {@code If-Match}. */
    public String etag() {
        return "\"" + version + "\"";
    }
}
