package io.slipway.server.users;

import java.util.UUID;

/**
 * A user exactly as {@code GET /api/v1/users/{id}} serves it: the JSON body and its entity tag.
 * The cache holds these, so a cached read sends stored bytes without parsing or serialising them.
 */
@SuppressWarnings("ArrayRecordComponent") // never compared: looked up by id and sent as stored
public record UserDocument(UUID id, String etag, byte[] json) {}
