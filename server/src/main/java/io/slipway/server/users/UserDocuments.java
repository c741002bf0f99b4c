package io.slipway.server.users;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The read side of the users API: a user's {@link UserDocument} from the cache, else from the
 * database, serialised once and cached. Concurrent misses for one user on this pod share a single
 * database read, so a hot user whose entry just expired costs one query, not one per request.
 */
public final class UserDocuments {

    private final UserCache cache;
    private final Function<UUID, Optional<User>> database;
    private final ObjectWriter json;
    private final ConcurrentMap<UUID, CompletableFuture<Optional<UserDocument>>> loading = new ConcurrentHashMap<>();

    public UserDocuments(UserCache cache, Function<UUID, Optional<User>> database, ObjectWriter json) {
        this.cache = cache;
        this.database = database;
        this.json = json;
    }

    public Optional<UserDocument> find(UUID id) {
        Optional<UserDocument> cached = cache.get(id);
        return cached.isPresent() ? cached : load(id);
    }

    private Optional<UserDocument> load(UUID id) {
        CompletableFuture<Optional<UserDocument>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<UserDocument>> running = loading.putIfAbsent(id, mine);
        if (running != null) {
            return await(running);
        }
        try {
            Optional<UserDocument> loaded = database.apply(id).map(this::document);
            loaded.ifPresent(cache::put);
            mine.complete(loaded);
            return loaded;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(id, mine);
        }
    }

    private UserDocument document(User user) {
        try {
            return new UserDocument(user.id(), user.etag(), json.writeValueAsBytes(user));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a User always serialises", e);
        }
    }

    private static Optional<UserDocument> await(CompletableFuture<Optional<UserDocument>> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
