package io.slipway.server.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a user may do: act on itself, or (admin) on anyone. Stored upper-case, served lower-case. */
public enum Role {
    USER,
    ADMIN;

    /** The name used in JSON, tokens and {@code @RolesAllowed}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
