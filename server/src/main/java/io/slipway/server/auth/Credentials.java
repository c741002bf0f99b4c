package io.slipway.server.auth;

import java.util.UUID;

/** What a login needs to check a password and issue a token; only read by the token endpoint. */
public record Credentials(UUID id, Role role, String passwordHash, int tokenGeneration) {}
