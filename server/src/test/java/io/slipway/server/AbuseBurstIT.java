package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.server.support.Api;
import io.slipway.server.support.Api.Reply;
import io.slipway.server.support.PackagedServer;
import io.slipway.server.support.PostgresServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged server, started as its container starts it under the production 1 GiB limit (heap
 * 256 MiB), through a burst an attacker can send without an account: 200 concurrent logins for
 * unknown emails from 200 addresses and 200 more from one address, 100 registrations, and slow
 * clients holding connections open mid-body. It stays up, keeps {@code /health/live} at 200, stays
 * within its heap, refuses what it cannot take fast (429/503 with Retry-After, never a 500), and
 * lets a normal user log in.
 */
class AbuseBurstIT {

    static final String PASSWORD = "correct horse battery";
    /**
     * A ceiling on one login's answer, not a target: the expected figure (at most maxWait, 5 s, plus a hash)
     * is measured and reported in bench/RESULTS.md; this catches only the old failure, a login queued
     * for many seconds behind hashing (12.4 s), with room for a noisy shared machine.
     */
    static final Duration LOGIN_CEILING = Duration.ofSeconds(10);

    static PostgresServer postgres;
    static PackagedServer server;
    static Api api;
    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(16))
            .build();
    static final AtomicInteger ADDRESSES = new AtomicInteger();

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
        server = PackagedServer.start(
                "1g",
                Map.of(
                        "DATABASE_URL",
                        postgres.jdbcUrl(),
                        "DATABASE_USER",
                        "postgres",
                        "DATABASE_PASSWORD",
                        "unused",
                        "DB_MIGRATE_ON_START",
                        "true",
                        "JWT_SECRET",
                        "burst-test-secret-that-is-at-least-32-bytes",
                        "TRUSTED_PROXY_HOPS",
                        "1",
                        "LOG_LEVEL",
                        "INFO"));
        api = new Api(server.port());
        await().atMost(Duration.ofSeconds(90))
                .ignoreExceptions()
                .until(() -> api.get("/health/ready").status() == 200);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        postgres.close();
    }

    static String address() {
        int n = ADDRESSES.incrementAndGet();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    static CompletableFuture<Integer> post(String path, String body, String client) {
        HttpRequest request = api.request(path, "X-Forwarded-For", client)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() == 503 || response.statusCode() == 429) {
                assertThat(response.headers().firstValue("Retry-After"))
                        .as(response.body())
                        .isPresent();
            }
            return response.statusCode();
        });
    }

    static String registration() {
        return "{\"email\":\"flood" + UUID.randomUUID() + "@example.com\",\"name\":\"Flood\",\"password\":\"" + PASSWORD
                + "\"}";
    }

    static String login(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    /** A normal login; returns its latency, and whether it got a token (else it was told to retry). */
    record Attempt(Duration took, int status, long retryAfterSeconds) {}

    static Attempt normalLogin(String email, String client) {
        long start = System.nanoTime();
        Reply reply = api.post("/api/v1/auth/token", login(email, PASSWORD), "X-Forwarded-For", client);
        String retryAfter = reply.header("Retry-After");
        return new Attempt(
                Duration.ofNanos(System.nanoTime() - start),
                reply.status(),
                retryAfter == null ? 0 : Long.parseLong(retryAfter));
    }

    static Map<Integer, Integer> tally(List<CompletableFuture<Integer>> answers) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (CompletableFuture<Integer> answer : answers) {
            counts.merge(answer.join(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void loginsKeepWorkingUnderARegistrationFlood() {
        String owner = "owner" + UUID.randomUUID() + "@example.com";
        assertThat(api.post(
                                "/api/v1/users",
                                "{\"email\":\"" + owner + "\",\"name\":\"Owner\",\"password\":\"" + PASSWORD + "\"}",
                                "X-Forwarded-For",
                                address())
                        .status())
                .isEqualTo(201);

        List<CompletableFuture<Integer>> flood = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            flood.add(post("/api/v1/users", registration(), address()));
        }
        Attempt during = normalLogin(owner, address());
        Map<Integer, Integer> outcome = tally(flood);
        System.out.printf(
                "registration flood: %s; a login during it: %d in %d ms%n",
                outcome, during.status(), during.took().toMillis());
        assertThat(during.status()).isEqualTo(200);
        assertThat(during.took()).isLessThan(LOGIN_CEILING);
        assertThat(outcome.keySet()).isSubsetOf(201, 503);
        assertThat(outcome.get(201)).isPositive();
    }

    @Test
    void theServerOutlastsABurstOfEverythingAtOnce() throws Exception {
        String owner = "steady" + UUID.randomUUID() + "@example.com";
        assertThat(api.post(
                                "/api/v1/users",
                                "{\"email\":\"" + owner + "\",\"name\":\"Steady\",\"password\":\"" + PASSWORD + "\"}",
                                "X-Forwarded-For",
                                address())
                        .status())
                .isEqualTo(201);
        String ownerAddress = address();

        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService background = Executors.newCachedThreadPool();
        ConcurrentMap<Integer, AtomicInteger> probes = new ConcurrentHashMap<>();
        AtomicLong slowestProbeMs = new AtomicLong();
        Future<?> probing = background.submit(() -> {
            while (running.get()) {
                long start = System.nanoTime();
                int status = api.get("/health/live").status();
                slowestProbeMs.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                probes.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                TimeUnit.MILLISECONDS.sleep(100);
            }
            return null;
        });
        for (int i = 0; i < 30; i++) {
            Future<?> unused = background.submit(AbuseBurstIT::slowClient); // the server cuts them off
        }

        List<CompletableFuture<Integer>> burst = new ArrayList<>();
        String oneAddress = address();
        for (int i = 0; i < 200; i++) {
            burst.add(post("/api/v1/auth/token", login("ghost" + i + "@example.com", "guess " + i), address()));
            burst.add(post("/api/v1/auth/token", login("ghost" + i + "@example.com", "guess " + i), oneAddress));
            if (i % 2 == 0) {
                burst.add(post("/api/v1/users", registration(), address()));
            }
        }

        // A user who honours Retry-After logs in, and every answer it gets comes within the bound.
        long start = System.nanoTime();
        List<Attempt> attempts = new ArrayList<>();
        while (attempts.isEmpty() || attempts.get(attempts.size() - 1).status() != 200) {
            Attempt attempt = normalLogin(owner, ownerAddress);
            attempts.add(attempt);
            assertThat(attempt.status()).isIn(200, 503);
            assertThat(attempt.took()).isLessThan(LOGIN_CEILING);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
            if (attempt.status() == 503) {
                TimeUnit.SECONDS.sleep(attempt.retryAfterSeconds());
            }
        }
        Duration loggedIn = Duration.ofNanos(System.nanoTime() - start);
        Map<Integer, Integer> outcome = tally(burst);
        running.set(false);
        background.shutdown();
        assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        probing.get(); // a probe that could not ask fails the test here

        Map<String, Double> heap = heap();
        System.out.printf(
                "burst: %s; normal login after %d attempt(s) in %d ms; /health/live %s, slowest %d ms; heap %s%n",
                outcome, attempts.size(), loggedIn.toMillis(), probes, slowestProbeMs.get(), heap);
        assertThat(PackagedServer.containerJvmFlags())
                .as("alive means no OutOfMemoryError")
                .contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(server.isAlive()).as(server.log()).isTrue();
        assertThat(outcome.keySet())
                .as("every answer is a refusal or a result, never a server error")
                .isSubsetOf(201, 401, 429, 503);
        assertThat(outcome.get(429))
                .as("one address is throttled before any hashing")
                .isGreaterThanOrEqualTo(150);
        assertThat(probes.keySet()).containsOnly(200);
        assertThat(heap.get("used")).isLessThanOrEqualTo(heap.get("max"));
        String log = server.log();
        assertThat(log).doesNotContain("\"level\":\"ERROR\"", "OutOfMemoryError", "\\tat ", PASSWORD, "$argon2");
    }

    /** Sends a registration's headers and then a byte every 100 ms, as a slow or hostile client would. */
    static Void slowClient() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 400\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 50; i++) {
                out.write(' ');
                out.flush();
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        return null;
    }

    static Map<String, Double> heap() {
        Map<String, Double> heap = new TreeMap<>();
        new Api(server.adminPort()).get("/prometheus").text().lines().forEach(line -> {
            if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"}")) {
                heap.put("used", Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            } else if (line.startsWith("jvm_memory_max_bytes{area=\"heap\"}")) {
                heap.put("max", Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        });
        return heap;
    }
}
