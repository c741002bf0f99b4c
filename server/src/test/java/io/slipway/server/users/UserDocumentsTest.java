package io.slipway.server.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.slipway.server.auth.Role;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Misses for one user on one pod cost one database read, however many requests arrive together. */
class UserDocumentsTest {

    static final UUID ID = UUID.fromString("3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
    static final User USER = new User(
            ID,
            "a@example.com",
            "A",
            Role.USER,
            3,
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-02T00:00:00Z"));
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** An in-memory cache, as Redis would hold the documents. */
    static final class MapCache implements UserCache {
        final ConcurrentHashMap<UUID, UserDocument> entries = new ConcurrentHashMap<>();
        final AtomicInteger puts = new AtomicInteger();

        @Override
        public Optional<UserDocument> get(UUID id) {
            return Optional.ofNullable(entries.get(id));
        }

        @Override
        public void put(UserDocument document) {
            puts.incrementAndGet();
            entries.put(document.id(), document);
        }

        @Override
        public void evict(UUID id) {
            entries.remove(id);
        }
    }

    @Test
    void concurrentMissesShareOneDatabaseRead() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        Function<UUID, Optional<User>> slowDatabase = id -> {
            reads.incrementAndGet();
            await(release);
            return Optional.of(USER);
        };
        MapCache cache = new MapCache();
        UserDocuments documents = new UserDocuments(cache, slowDatabase, JSON.writer());

        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Thread> threads = new ArrayList<>();
        List<Future<Optional<UserDocument>>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            results.add(pool.submit(() -> {
                synchronized (threads) {
                    threads.add(Thread.currentThread());
                }
                return documents.find(ID);
            }));
        }
        // Every caller is parked: one in the database read, the others waiting for it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!allParked(threads, callers) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        release.countDown();
        for (Future<Optional<UserDocument>> result : results) {
            UserDocument document = result.get(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(document.etag()).isEqualTo("\"3\"");
            assertThat(JSON.readTree(document.json()).get("email").asText()).isEqualTo("a@example.com");
        }
        pool.shutdown();
        assertThat(reads).hasValue(1);
        assertThat(cache.puts).hasValue(1);
        // Later reads are hits.
        assertThat(new String(documents.find(ID).orElseThrow().json(), StandardCharsets.UTF_8))
                .contains("\"version\":3");
        assertThat(reads).hasValue(1);
    }

    @Test
    void aFailedReadReachesEveryWaiterAndIsNotRemembered() {
        AtomicInteger reads = new AtomicInteger();
        UserDocuments documents = new UserDocuments(
                new MapCache(),
                id -> {
                    if (reads.incrementAndGet() == 1) {
                        throw new IllegalStateException("database down");
                    }
                    return Optional.of(USER);
                },
                JSON.writer());
        assertThatThrownBy(() -> documents.find(ID)).hasMessage("database down");
        assertThat(documents.find(ID)).isPresent();
        assertThat(documents.find(UUID.randomUUID())).isPresent();
    }

    @Test
    void anUnknownUserIsNotCached() {
        MapCache cache = new MapCache();
        UserDocuments documents = new UserDocuments(cache, id -> Optional.empty(), JSON.writer());
        assertThat(documents.find(ID)).isEmpty();
        assertThat(cache.puts).hasValue(0);
    }

    private static boolean allParked(List<Thread> threads, int expected) {
        synchronized (threads) {
            return threads.size() == expected && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
