package io.slipway.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.slipway.server.SlipwayConfiguration;
import io.slipway.server.support.Api;
import io.slipway.server.support.Api.Reply;
import io.slipway.server.support.PostgresServer;
import io.slipway.server.support.RealParts;
import io.slipway.server.support.RedisProcess;
import io.slipway.server.support.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two replicas behind one ingress (one trusted proxy hop) sharing one Redis: a caller's allowance
 * holds over both, a burst from one caller is refused with 429 and the RateLimit headers while
 * another caller is served, and Redis going away leaves each replica counting its share.
 */
@RealParts
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitTest {

    static final int PER_ADDRESS = 10;
    static final int PER_USER = 20;
    static final PostgresServer POSTGRES = PostgresServer.start();
    static final RedisProcess REDIS = RedisProcess.start();
    static final DropwizardAppExtension<SlipwayConfiguration> REPLICA_A = new DropwizardAppExtension<>(replica("a"));
    static final DropwizardTestSupport<SlipwayConfiguration> REPLICA_B = replica("b");

    static DropwizardTestSupport<SlipwayConfiguration> replica(String name) {
        return TestApp.support(
                POSTGRES::jdbcUrl,
                REDIS::url,
                TestApp.logFile(RateLimitTest.class).resolveSibling("RateLimitTest-" + name + ".log"),
                ConfigOverride.config("http.trustedProxyHops", "1"),
                ConfigOverride.config("rateLimits.perAddress.requests", "" + PER_ADDRESS),
                ConfigOverride.config("rateLimits.perUser.requests", "" + PER_USER),
                ConfigOverride.config("rateLimits.replicas", "2"),
                // Every request written through to Redis, so counts are exact (RateLimiterTest: the default's bound).
                ConfigOverride.config("rateLimits.unsynchronizedPercent", "0"));
    }

    @BeforeAll
    static void startTheSecondReplica() throws Exception {
        REPLICA_B.before();
    }

    @AfterAll
    static void stop() {
        REPLICA_B.after();
        POSTGRES.close();
    }

    @Test
    @Order(1)
    void aBurstFromOneAddressIsRefusedOnEveryReplicaWhileAnotherAddressIsServed() {
        List<Reply> burst = new ArrayList<>();
        for (int i = 0; i < PER_ADDRESS + 4; i++) {
            // Whatever the client claims left of the ingress's entry is its own and ignored.
            burst.add(replica(i).get("/api/v1/users/me", "X-Forwarded-For", "198.51.100." + i + ", 203.0.113.10"));
        }
        assertThat(burst.subList(0, PER_ADDRESS))
                .allSatisfy(reply -> assertThat(reply.status()).isEqualTo(401));
        assertThat(burst.get(0).header("RateLimit-Policy")).isEqualTo("\"address\";q=" + PER_ADDRESS + ";w=60");
        assertThat(burst.get(0).header("RateLimit")).matches("\"address\";r=" + (PER_ADDRESS - 1) + ";t=\\d+");
        assertThat(burst.subList(PER_ADDRESS, burst.size())).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(429);
            assertThat(reply.json().get("error").asText()).isEqualTo("too_many_requests");
            assertThat(reply.json().get("request_id").asText()).isEqualTo(reply.header("X-Request-ID"));
            assertThat(Long.parseLong(reply.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(reply.header("RateLimit")).matches("\"address\";r=0;t=\\d+");
        });

        Reply other = new Api(REPLICA_A.getLocalPort()).get("/api/v1/users/me", "X-Forwarded-For", "203.0.113.20");
        assertThat(other.status()).isEqualTo(401);
        assertThat(other.header("RateLimit")).matches("\"address\";r=" + (PER_ADDRESS - 1) + ";t=\\d+");
    }

    @Test
    @Order(2)
    void aUserIsCountedOverEveryReplicaAndAddressWhileAnotherUserIsServed() {
        String greedy = tokenOfNewUser("203.0.113.30");
        String patient = tokenOfNewUser("203.0.113.31");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < PER_USER + 3; i++) {
            statuses.add(replica(i)
                    .get(
                            "/api/v1/users/me",
                            "Authorization",
                            "Bearer " + greedy,
                            "X-Forwarded-For",
                            "203.0.113." + (100 + i))
                    .status());
        }
        assertThat(statuses.subList(0, PER_USER)).containsOnly(200);
        assertThat(statuses.subList(PER_USER, statuses.size())).containsOnly(429);

        Reply served = replica(0).get("/api/v1/users/me", "Authorization", "Bearer " + patient);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header("RateLimit-Policy")).isEqualTo("\"user\";q=" + PER_USER + ";w=60");
    }

    @Test
    @Order(3)
    void withRedisGoneEachReplicaAllowsItsShareAndNothingFails() {
        REDIS.stop();
        try {
            int share = (PER_ADDRESS + 1) / 2;
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < share + 3; i++) {
                statuses.add(new Api(REPLICA_A.getLocalPort())
                        .get("/api/v1/users/me", "X-Forwarded-For", "203.0.113.40")
                        .status());
            }
            assertThat(statuses.subList(0, share)).containsOnly(401);
            assertThat(statuses.subList(share, statuses.size())).containsOnly(429);
            // The other replica counts alone too: the service as a whole allows about the limit, no more.
            assertThat(new Api(REPLICA_B.getLocalPort())
                            .get("/api/v1/users/me", "X-Forwarded-For", "203.0.113.40")
                            .status())
                    .isEqualTo(401);
        } finally {
            REDIS.restart();
        }
        // Back to the shared count: a new address starts with the whole allowance, not a replica's share.
        AtomicInteger poll = new AtomicInteger();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> new Api(REPLICA_A.getLocalPort())
                        .get("/api/v1/users/me", "X-Forwarded-For", "203.0.113." + (50 + poll.incrementAndGet()))
                        .header("RateLimit")
                        .startsWith("\"address\";r=" + (PER_ADDRESS - 1) + ";"));
    }

    private static Api replica(int request) {
        return new Api(request % 2 == 0 ? REPLICA_A.getLocalPort() : REPLICA_B.getLocalPort());
    }

    private static String tokenOfNewUser(String address) {
        Api api = replica(0);
        String email = "limited-" + UUID.randomUUID() + "@example.com";
        String password = "rate limited password";
        assertThat(api.post(
                                "/api/v1/users",
                                Map.of("email", email, "name", "Limited", "password", password),
                                "X-Forwarded-For",
                                address)
                        .status())
                .isEqualTo(201);
        return api.post("/api/v1/auth/token", Map.of("email", email, "password", password), "X-Forwarded-For", address)
                .json()
                .get("access_token")
                .asText();
    }
}
