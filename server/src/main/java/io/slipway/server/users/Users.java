package io.slipway.server.users;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * The users as the API changes and lists them; {@link UserRepository} keeps them in PostgreSQL.
 * Refusals are {@link UserWriteRefused}, which {@link UserWriteRefusedMapper} answers in HTTP.
 */
public interface Users {

    /** Creates a user with role {@code user} and version 1; {@link UserWriteRefused.EmailTaken} if the email is. */
    User register(NewUser request);

    /** Up to {@code limit} users after the cursor, in id order. */
    UsersPage page(Optional<UUID> after, int limit);

    /** Applies the patch if the user is still at {@code expectedVersion} (when given); the new version. */
    User update(UUID id, OptionalInt expectedVersion, UserPatch patch);

    /** Deletes the user if still at {@code expectedVersion} (when given). */
    void delete(UUID id, OptionalInt expectedVersion);
}
