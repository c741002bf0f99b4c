package io.slipway.server.users;

import java.util.Optional;
import java.util.UUID;

/** Read-through copy of user documents; every method is best effort and never throws. */
public interface UserCache {

    Optional<UserDocument> get(UUID id);

    void put(UserDocument document);

    void evict(UUID id);

    /** The cache when Redis is not configured. */
    UserCache DISABLED = new UserCache() {
        @Override
        public Optional<UserDocument> get(UUID id) {
            return Optional.empty();
        }

        @Override
        public void put(UserDocument document) {}

        @Override
        public void evict(UUID id) {}
    };
}
