package io.slipway.server.auth;

/**
 * What a token's bearer may do right now: its current role, and the token generation its tokens
 * must carry. Bumping the generation (password change, promotion) ends every token issued before.
 */
public record AccountStanding(Role role, int tokenGeneration) {}
