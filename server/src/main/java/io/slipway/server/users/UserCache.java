package io.slipway.server.users;

import java.util.Optional;
import java.util.UUID;

/** Read-through copy of users; every method is best effort and never throws. */
public interface UserCache {

    Optional<User> get(UUID id);

    void put(User user);

    void evict(UUID id);

    /** The cache when Redis is not configured. */
    UserCache DISABLED = new UserCache() {
        @Override
        public Optional<User> get(UUID id) {
            return Optional.empty();
        }

        @Override
        public void put(User user) {
        }

        @Override
        public void evict(UUID id) {
        }
    };
}
