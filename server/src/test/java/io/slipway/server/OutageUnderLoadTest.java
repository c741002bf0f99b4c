package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.slipway.server.support.Api;
import io.slipway.server.support.Api.Reply;
import io.slipway.server.support.Cli;
import io.slipway.server.support.PostgresServer;
import io.slipway.server.support.RealParts;
import io.slipway.server.support.RedisProcess;
import io.slipway.server.support.TestApp;
import io.slipway.server.support.Traffic;
import io.slipway.server.support.Traffic.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL and Redis stopped and started again while clients keep reading and writing: what the
 * clients saw, phase by phase, and what the data says afterwards.
 */
@RealParts
@ExtendWith(DropwizardExtensionsSupport.class)
class OutageUnderLoadTest {

    static final String PASSWORD = "correct horse battery";
    static final PostgresServer POSTGRES = PostgresServer.start();
    static final RedisProcess REDIS = RedisProcess.startPersistent();
    static final Path LOG = TestApp.logFile(OutageUnderLoadTest.class);
    static final DropwizardAppExtension<SlipwayConfiguration> APP = TestApp.with(POSTGRES::jdbcUrl, REDIS::url, LOG);

    static Api api;
    static String[] admin;

    @SuppressWarnings("ArrayRecordComponent") // a holder for the current token, never compared
    record Account(String id, String email, String[] bearer) {}

    @BeforeAll
    static void createAdmin() {
        api = new Api(APP.getLocalPort());
        Cli.createAdmin("root@example.com", PASSWORD);
        admin = login("root@example.com");
    }

    @AfterAll
    static void stopDependencies() {
        POSTGRES.close();
        REDIS.stop();
    }

    /** What the clients saw while a dependency was broken at {@code brokenAt} and mended at {@code mendedAt}. */
    record Outage(
            List<Answer> answers,
            long brokenAt,
            long mendedAt,
            List<Account> readers,
            Account renamed,
            List<Account> doomed) {

        List<Answer> of(String client, String phase) {
            long from = phase.equals("before") ? 0 : phase.equals("during") ? brokenAt : mendedAt;
            long to = phase.equals("before") ? brokenAt : phase.equals("during") ? mendedAt : Long.MAX_VALUE;
            return answers.stream()
                    .filter(a -> a.client().equals(client) && a.startedBetween(from, to))
                    .toList();
        }

        void assertEveryCallAnsweredWithin(Duration limit) {
            assertThat(answers)
                    .as("calls without an answer")
                    .filteredOn(a -> a.status() == 0)
                    .isEmpty();
            assertThat(answers)
                    .as("calls slower than " + limit)
                    .filteredOn(a -> a.took().compareTo(limit) > 0)
                    .isEmpty();
        }

        void assertEveryReadServed() {
            assertThat(answers).filteredOn(a -> a.client().equals("read")).allMatch(a -> a.status() == 200);
        }

        /** Whatever could not be done was refused as the API promises: 503, JSON, and when to come back. */
        void assertRefusalsSayWhenToRetry() {
            assertThat(answers).filteredOn(a -> a.status() >= 500).allSatisfy(a -> {
                Reply refusal = a.reply().orElseThrow();
                assertThat(refusal.status()).isEqualTo(503);
                assertThat(refusal.header("Retry-After")).isNotBlank();
                assertThat(refusal.json().get("error").asText()).isEqualTo("unavailable");
                assertThat(refusal.json().get("request_id").asText()).isNotBlank();
            });
        }

        void assertWritesServedAgainWithin(Duration recovery) {
            long settled = mendedAt + recovery.toNanos();
            for (String client : List.of("register", "delete", "rename")) {
                assertThat(answers)
                        .as(client + " after " + recovery + " from the dependency's return")
                        .filteredOn(a -> a.client().equals(client) && a.startedNanos() >= settled)
                        .isNotEmpty()
                        .allMatch(a -> a.status() / 100 == 2 || a.status() == 404);
            }
        }

        /** Every 201 is there, every 204 is gone, and the name is the last acknowledged one or a later attempt's. */
        void assertNoAcknowledgedWriteLost() {
            for (Answer created : answers) {
                if (created.client().equals("register") && created.status() == 201) {
                    String id = created.reply().orElseThrow().json().get("id").asText();
                    assertThat(api.get("/api/v1/users/" + id, admin).status())
                            .as(id)
                            .isEqualTo(200);
                }
                if (created.client().equals("delete") && created.status() == 204) {
                    String id = doomed.get(created.sequence() % doomed.size()).id();
                    assertThat(api.get("/api/v1/users/" + id, admin).status())
                            .as(id)
                            .isEqualTo(404);
                }
            }
            int lastAcknowledged = answers.stream()
                    .filter(a -> a.client().equals("rename") && a.status() == 200)
                    .mapToInt(Answer::sequence)
                    .max()
                    .orElseThrow();
            String name = api.get("/api/v1/users/" + renamed.id(), admin)
                    .json()
                    .get("name")
                    .asText();
            assertThat(Integer.parseInt(name.substring("name-".length())))
                    .as(name)
                    .isGreaterThanOrEqualTo(lastAcknowledged);
        }

        void print(String title) {
            System.out.println(
                    title + ": broken at " + brokenAt / 1_000_000 + " ms, mended at " + mendedAt / 1_000_000 + " ms");
            for (String client : List.of("read", "register", "delete", "rename")) {
                for (String phase : List.of("before", "during", "after")) {
                    List<Answer> mine = of(client, phase);
                    Map<Integer, Long> statuses = new TreeMap<>(
                            mine.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting())));
                    long slowest =
                            mine.stream().mapToLong(Answer::tookNanos).max().orElse(0) / 1_000_000;
                    System.out.println("  " + client + " " + phase + " " + statuses + " slowest " + slowest + " ms");
                }
            }
            answers.stream()
                    .filter(a -> a.startedNanos() > mendedAt
                            && a.status() / 100 == 2
                            && !a.client().equals("read"))
                    .findFirst()
                    .ifPresent(a -> System.out.println("  first write served after mending: "
                            + (a.startedNanos() + a.tookNanos() - mendedAt) / 1_000_000 + " ms"));
        }
    }

    /**
     * Two readers of three warm users, a registration, an admin's deletes and a fourth user's renames, each
     * client calling in a loop; {@code breakIt} runs after 2 s, {@code mendIt} {@code outage} later,
     * and the clients go on for 5 s more.
     */
    static Outage underLoad(String name, Runnable breakIt, Duration outage, Runnable mendIt) throws Exception {
        List<Account> readers =
                List.of(account(name + "-reader"), account(name + "-reader"), account(name + "-reader"));
        readers.forEach(reader -> assertThat(read(reader).status()).isEqualTo(200));
        // Not one of the readers: each rename evicts its cached copy, and reads of an uncached user need the database.
        Account renamed = account(name + "-renamed");
        List<Account> doomed = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            doomed.add(registered(name + "-doomed"));
        }
        String run = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Traffic traffic = new Traffic()) {
            for (int client = 0; client < 2; client++) {
                traffic.keep("read", Duration.ofMillis(5), n -> read(readers.get(n % readers.size())));
            }
            traffic.keep("register", Duration.ofMillis(50), n -> register(run + "-" + n + "@example.com"));
            traffic.keep(
                    "delete",
                    Duration.ofMillis(150),
                    n -> api.delete(
                            "/api/v1/users/" + doomed.get(n % doomed.size()).id(), anyVersion(admin)));
            traffic.keep("rename", Duration.ofMillis(50), n -> rename(renamed, "name-" + n));
            Thread.sleep(2_000);
            long brokenAt = traffic.now();
            breakIt.run();
            Thread.sleep(outage.toMillis());
            mendIt.run();
            long mendedAt = traffic.now();
            Thread.sleep(5_000);
            return new Outage(traffic.stop(), brokenAt, mendedAt, readers, renamed, doomed);
        }
    }

    @Test
    void postgresStoppedUnderLoad() throws Exception {
        long logFrom = logLines();
        Outage outage = underLoad("pg-stopped", POSTGRES::stop, Duration.ofSeconds(5), POSTGRES::restart);
        outage.print("PostgreSQL stopped");
        assertThat(outage.of("rename", "during")).anyMatch(a -> a.status() == 503);
        assertDatabaseOutageServed(outage, logFrom);
    }

    @Test
    void postgresFrozenUnderLoad() throws Exception {
        long logFrom = logLines();
        Outage outage = underLoad("pg-frozen", POSTGRES::freeze, Duration.ofSeconds(8), POSTGRES::thaw);
        outage.print("PostgreSQL frozen");
        assertDatabaseOutageServed(outage, logFrom);
    }

    /** Answers within the budget, every read served, refusals that say when to retry, recovery, no write lost, one log line each way. */
    static void assertDatabaseOutageServed(Outage outage, long logFrom) throws IOException {
        outage.assertEveryCallAnsweredWithin(BUDGET);
        outage.assertEveryReadServed();
        outage.assertRefusalsSayWhenToRetry();
        outage.assertWritesServedAgainWithin(RECOVERY);
        outage.assertNoAcknowledgedWriteLost();
        assertOutageLoggedOnce("database", logFrom);
    }

    @Test
    void redisRestartedUnderLoad() throws Exception {
        long logFrom = logLines();
        Outage outage = underLoad("redis", REDIS::stop, Duration.ofSeconds(3), REDIS::restart);
        outage.print("Redis restarted");
        outage.assertEveryCallAnsweredWithin(Duration.ofSeconds(2));
        assertThat(outage.answers()).allMatch(a -> a.status() / 100 == 2 || a.status() == 404);
        outage.assertNoAcknowledgedWriteLost();
        assertOutageLoggedOnce("redis", logFrom);
        // From Redis or, once its tracking is back, from the pod's near cache in front of it.
        String redisHits = "slipway_cache_operations_total{cache=\"users\",operation=\"get\",result=\"hit\"}";
        String nearHits = "slipway_cache_operations_total{cache=\"users\",operation=\"get\",result=\"near_hit\"}";
        double hitsBefore = metric(redisHits) + metric(nearHits);
        read(outage.readers().get(1));
        read(outage.readers().get(1));
        assertThat(metric(redisHits) + metric(nearHits)).as("the cache refills").isGreaterThan(hitsBefore);
    }

    /**
     * A write while Redis is down cannot evict the user's entry; a Redis that keeps its data
     * brings that entry back with it. The next read must still show the write.
     */
    @Test
    void aWriteDuringARedisOutageIsNotUndoneByItsReturn() throws IOException {
        long logFrom = logLines();
        Account user = account("stale");
        assertThat(read(user).status()).isEqualTo(200);
        assertThat(read(user).json().get("name").asText()).isEqualTo("Load");
        REDIS.stop();
        assertThat(rename(user, "Written while Redis was down").status()).isEqualTo(200);
        REDIS.restart();
        for (int i = 0; i < 5; i++) {
            assertThat(read(user).json().get("name").asText()).isEqualTo("Written while Redis was down");
        }
        assertOutageLoggedOnce("redis", logFrom);
        assertThat(read(user).json().get("name").asText()).isEqualTo("Written while Redis was down");
    }

    /** The server's promise: an answer within the 5 s budget, whatever the database does (plus the test's margin). */
    static final Duration BUDGET = Duration.ofMillis(6_500);

    /** How soon after the dependency is back writes are served again. */
    static final Duration RECOVERY = Duration.ofSeconds(3);

    static void assertOutageLoggedOnce(String dependency, long fromLine) throws IOException {
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        logLinesFrom(fromLine).stream().anyMatch(l -> l.contains(dependency + " reachable again")));
        List<String> lines = logLinesFrom(fromLine);
        assertThat(lines)
                .filteredOn(l -> l.contains(dependency + " unreachable"))
                .hasSize(1);
        assertThat(lines)
                .filteredOn(l -> l.contains(dependency + " reachable again"))
                .hasSize(1);
        assertThat(lines).as("no stack trace").noneMatch(l -> l.contains("\"exception\""));
    }

    static long logLines() throws IOException {
        return Files.exists(LOG) ? Files.readAllLines(LOG).size() : 0;
    }

    static List<String> logLinesFrom(long line) throws IOException {
        return Files.readAllLines(LOG).stream().skip(line).toList();
    }

    static double metric(String series) {
        return new Api(APP.getAdminPort())
                .get("/prometheus")
                .text()
                .lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst()
                .orElseThrow();
    }

    static Reply read(Account account) {
        return api.get("/api/v1/users/" + account.id(), account.bearer());
    }

    static Reply register(String email) {
        return api.post("/api/v1/users", Map.of("email", email, "name", "Load", "password", PASSWORD));
    }

    static Reply rename(Account account, String name) {
        return api.patch("/api/v1/users/" + account.id(), Map.of("name", name), anyVersion(account.bearer()));
    }

    static Account registered(String prefix) {
        String email = prefix + "-" + UUID.randomUUID() + "@example.com";
        Reply created = register(email);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new Account(created.json().get("id").asText(), email, new String[0]);
    }

    static Account account(String prefix) {
        Account registered = registered(prefix);
        return new Account(registered.id(), registered.email(), login(registered.email()));
    }

    static String[] login(String email) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/health/ready").status() == 200);
        Reply token = api.post("/api/v1/auth/token", Map.of("email", email, "password", PASSWORD));
        assertThat(token.status()).as(token.text()).isEqualTo(200);
        return new String[] {
            "Authorization", "Bearer " + token.json().get("access_token").asText()
        };
    }

    static String[] anyVersion(String[] bearer) {
        return new String[] {bearer[0], bearer[1], "If-Match", "*"};
    }
}
