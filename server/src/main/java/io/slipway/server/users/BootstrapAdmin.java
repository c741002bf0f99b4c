package io.slipway.server.users;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;
import java.util.Optional;

/**
 * An admin the server creates at start when no account has its email: how an operator becomes
 * admin on the embedded default, whose in-memory database lives inside the server process where no
 * {@code create-admin} can reach it. An existing account is left exactly as it is, so a restart
 * against a lasting database changes nothing.
 */
public class BootstrapAdmin {

    @NotNull
    @JsonProperty
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private String email = "";

    @NotNull
    @JsonProperty
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private String password = "";

    @ValidationMethod(
            message = "bootstrapAdmin needs both an email and a password of 12 to 128 characters "
                    + "(SLIPWAY_ADMIN_EMAIL and SLIPWAY_ADMIN_PASSWORD), or neither")
    @JsonIgnore
    public boolean isComplete() {
        return (email.isEmpty() && password.isEmpty()) || (!email.isEmpty() && PasswordPolicy.allows(password));
    }

    /** Creates the admin unless an account has the email; the admin created, if any. */
    public Optional<User> createIn(UserRepository users) {
        if (email.isEmpty()) {
            return Optional.empty();
        }
        return users.createAdminIfAbsent(email, "Administrator", password);
    }
}
