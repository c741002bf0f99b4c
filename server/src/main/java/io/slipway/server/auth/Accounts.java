package io.slipway.server.auth;

import java.util.Optional;
import java.util.UUID;

/** What authentication reads of the accounts it checks; the users feature provides it. */
public interface Accounts {

    /** The credentials of the account {@code email} names, once normalised as stored. */
    Optional<Credentials> credentials(String email);

    /** The credentials of account {@code id}. */
    Optional<Credentials> credentials(UUID id);
}
