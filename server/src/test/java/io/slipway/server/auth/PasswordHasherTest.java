package io.slipway.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The decoy check of a login for an unknown email is Argon2id work like any other: it takes a
 * hashing permit, so a burst of such logins is refused beyond the bound instead of hashing at once.
 */
class PasswordHasherTest {

    static final int BURST = 16;

    /** Made by the Java implementation this server hashed with before (BouncyCastle through Spring Security). */
    static final String STORED_BY_THE_JAVA_HASHER =
            "$argon2id$v=19$m=19456,t=2,p=1$skWqaEI8ZLhNpM3lXDh0Sg$6FYHl6XVbPRe/3HBmPf48H5I9okxewpRmpo0rB1mjpU";

    @Test
    void passwordsStoredBeforeStillVerifyAndNewOnesKeepTheParametersAndFormat() {
        PasswordHasher hasher = new PasswordHasher();
        assertThat(hasher.verify("pässwörd 密码 123", Optional.of(STORED_BY_THE_JAVA_HASHER)))
                .isTrue();
        assertThat(hasher.verify("passwörd 密码 123", Optional.of(STORED_BY_THE_JAVA_HASHER)))
                .isFalse();

        String stored = hasher.hash("pässwörd 密码 123");
        assertThat(stored).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(stored).isNotEqualTo(hasher.hash("pässwörd 密码 123")); // salted
        assertThat(hasher.verify("pässwörd 密码 123", Optional.of(stored))).isTrue();
        assertThat(hasher.verify("pässwörd 密码 123", Optional.empty())).isFalse();
    }

    @Test
    void aBurstOfLoginsForUnknownEmailsIsBoundedLikeAnyOtherHashing() throws Exception {
        HashingSettings settings = new ObjectMapper()
                .convertValue(
                        Map.of("concurrency", 2, "maxQueued", 0, "maxWait", "0 milliseconds"), HashingSettings.class);
        PrometheusRegistry registry = new PrometheusRegistry();
        PasswordHasher hasher = new PasswordHasher(settings, registry);

        ExecutorService pool = Executors.newFixedThreadPool(BURST);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> logins = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            logins.add(pool.submit(() -> {
                start.await();
                try {
                    return hasher.verify("guess", Optional.empty()) ? "matched" : "no match";
                } catch (HashingRefused e) {
                    return "503 busy";
                }
            }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> login : logins) {
            outcomes.add(login.get());
        }
        pool.shutdown();

        assertThat(outcomes).doesNotContain("matched").contains("503 busy");
        // Two permits and no queue: at most two decoy checks ran while the burst was inside; the rest were refused.
        assertThat(count(registry, "verify", "refused"))
                .isEqualTo(outcomes.stream().filter("503 busy"::equals).count())
                .isGreaterThanOrEqualTo(BURST / 2);
        assertThat(count(registry, "verify", "done")).isEqualTo(BURST - count(registry, "verify", "refused"));
    }

    static long count(PrometheusRegistry registry, String purpose, String result) {
        return registry.scrape().stream()
                .filter(s -> s.getMetadata().getName().equals("slipway_password_hashes"))
                .map(CounterSnapshot.class::cast)
                .flatMap(s -> s.getDataPoints().stream())
                .filter(p -> p.getLabels().get("purpose").equals(purpose)
                        && p.getLabels().get("result").equals(result))
                .mapToLong(p -> (long) p.getValue())
                .sum();
    }

    @Test
    void whatFitsTheBudgetIsServedAndWhatCannotIsRefusedAtOnceWithItsExpectedWait() throws Exception {
        HashingSettings settings =
                new ObjectMapper().convertValue(Map.of("concurrency", 2, "maxWait", "1 second"), HashingSettings.class);
        PrometheusRegistry registry = new PrometheusRegistry();
        PasswordHasher hasher = new PasswordHasher(settings, registry);
        hasher.warmUp();
        int burst = 120;
        ExecutorService pool = Executors.newFixedThreadPool(burst);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> registrations = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            String password = "registration " + i;
            registrations.add(pool.submit(() -> {
                start.await();
                long began = System.nanoTime();
                try {
                    hasher.hash(password);
                    return new long[] {201, System.nanoTime() - began, 0};
                } catch (HashingRefused e) {
                    return new long[] {
                        503, System.nanoTime() - began, e.retryAfter().toSeconds()
                    };
                }
            }));
        }
        start.countDown();
        List<long[]> outcomes = new ArrayList<>();
        for (Future<long[]> registration : registrations) {
            outcomes.add(registration.get());
        }
        pool.shutdown();
        List<long[]> served = outcomes.stream().filter(o -> o[0] == 201).toList();
        List<long[]> refused = outcomes.stream().filter(o -> o[0] == 503).toList();

        assertThat(served.size() + refused.size()).isEqualTo(burst);
        // One store permit at tens of milliseconds a hash: a second holds many, never all 120.
        assertThat(served).hasSizeGreaterThan(5);
        assertThat(refused).isNotEmpty();
        // Refused at arrival, not after waiting out the budget; told to come back after the wait it would have had.
        // (Most at once: a caller admitted on an estimate the machine then missed waits out the budget.)
        assertThat(refused.stream()
                        .filter(o -> o[1] < TimeUnit.MILLISECONDS.toNanos(500))
                        .count())
                .isGreaterThanOrEqualTo(refused.size() * 8L / 10);
        assertThat(refused).allSatisfy(o -> {
            assertThat(o[1]).isLessThan(TimeUnit.MILLISECONDS.toNanos(1500));
            assertThat(o[2]).isGreaterThanOrEqualTo(1);
        });
        assertThat(hasher.hashTime()).isPositive();
    }
}
