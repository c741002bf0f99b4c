package io.slipway.server.users;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.slipway.server.auth.Role;
import java.time.Instant;
import java.util.UUID;

/** A user as the API shows it; the password hash never enters this type. */
public record User(
        @JsonProperty("id") UUID id,
        @JsonProperty("email") String email,
        @JsonProperty("name") String name,
        @JsonProperty("role") Role role,
        @JsonProperty("version") int version,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {

    @JsonCreator
    public User {}

    /** Strong entity tag of this version, as sent in {@code ETag} and expected in {@code If-Match}. */
    public String etag() {
        return "\"" + version + "\"";
    }
}
