package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.slipway.server.support.Api;
import io.slipway.server.support.Api.Reply;
import io.slipway.server.support.Cli;
import io.slipway.server.support.PostgresServer;
import io.slipway.server.support.RawHttp;
import io.slipway.server.support.RealParts;
import io.slipway.server.support.RedisProcess;
import io.slipway.server.support.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The users and token API end to end, against real PostgreSQL and Redis. */
@RealParts
@ExtendWith(DropwizardExtensionsSupport.class)
class UsersApiTest {

    static final String SECRET = "test-secret-that-is-at-least-32-bytes-long";
    static final String PASSWORD = "correct horse battery";
    static final PostgresServer.Database POSTGRES = PostgresServer.sharedDatabase("users_api");
    static final RedisProcess REDIS = RedisProcess.start();
    static final DropwizardAppExtension<SlipwayConfiguration> APP =
            TestApp.with(POSTGRES::jdbcUrl, REDIS::url, TestApp.logFile(UsersApiTest.class));
    static final AtomicInteger SEQUENCE = new AtomicInteger();

    static Api api;
    static String adminToken;

    record Account(String id, String email, String token) {}

    @BeforeAll
    static void createAdmin() {
        api = new Api(APP.getLocalPort());
        Cli.Run run = Cli.createAdmin("Root@Example.com", PASSWORD);
        assertThat(run.stdout()).contains("admin root@example.com");
        adminToken = login("root@example.com", PASSWORD);
    }

    @AfterAll
    static void stopDependencies() {
        REDIS.stop();
    }

    static String login(String email, String password) {
        Reply reply = api.post("/api/v1/auth/token", Map.of("email", email, "password", password));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.json().get("token_type").asText()).isEqualTo("bearer");
        assertThat(reply.json().get("expires_in").asInt()).isEqualTo(1800);
        return reply.json().get("access_token").asText();
    }

    static Account newAccount() {
        String email = "user" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID() + "@example.com";
        Reply created = api.post("/api/v1/users", Map.of("email", email, "name", "Test User", "password", PASSWORD));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new Account(created.json().get("id").asText(), email, login(email, PASSWORD));
    }

    static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    static void assertError(Reply reply, int status, String error) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("request_id").asText())
                .isEqualTo(reply.header("X-Request-ID"))
                .isNotBlank();
        assertThat(reply.text()).doesNotContain("Exception", "at io.", "SELECT", "INSERT");
    }

    @Test
    void registrationNormalisesEmailAndNeverReturnsTheHash() {
        String local = "Mixed" + UUID.randomUUID();
        Reply created = api.post(
                "/api/v1/users", Map.of("email", "  " + local + "@Example.COM ", "name", "Ann", "password", PASSWORD));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).endsWith("/api/v1/users/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(created.json().get("email").asText()).isEqualTo(local.toLowerCase(Locale.ROOT) + "@example.com");
        assertThat(created.json().get("role").asText()).isEqualTo("user");
        assertThat(created.json().get("version").asInt()).isEqualTo(1);
        assertThat(created.text()).doesNotContain("password", "argon2");

        Reply duplicate = api.post(
                "/api/v1/users",
                Map.of("email", local.toUpperCase(Locale.ROOT) + "@example.com", "name", "Ann", "password", PASSWORD));
        assertError(duplicate, 409, "conflict");
        assertThat(duplicate.json().at("/fields/email").asText()).isEqualTo("already registered");
    }

    @Test
    void wrongCredentialsAreRefusedWithoutSayingWhichPart() {
        Account account = newAccount();
        Reply wrongPassword =
                api.post("/api/v1/auth/token", Map.of("email", account.email(), "password", "wrong password!"));
        Reply unknownEmail =
                api.post("/api/v1/auth/token", Map.of("email", "nobody@example.com", "password", PASSWORD));
        assertError(wrongPassword, 401, "unauthorized");
        assertError(unknownEmail, 401, "unauthorized");
        assertThat(wrongPassword.json().get("message"))
                .isEqualTo(unknownEmail.json().get("message"));
    }

    @Test
    void everyBadTokenIsUnauthorized() {
        Account account = newAccount();
        assertError(api.get("/api/v1/users/me"), 401, "unauthorized");
        assertThat(api.get("/api/v1/users/me").header("WWW-Authenticate")).startsWith("Bearer");
        assertError(api.get("/api/v1/users/me", "Authorization", "Basic dXNlcjpwYXNz"), 401, "unauthorized");
        assertError(api.get("/api/v1/users/me", bearer("not.a.token")), 401, "unauthorized");

        String[] parts = account.token().split("\\.");
        String forgedClaims = base64Url(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"role\":\"user\"", "\"role\":\"admin\""));
        assertError(
                api.get("/api/v1/users", bearer(parts[0] + "." + forgedClaims + "." + parts[2])), 401, "unauthorized");

        String none = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        assertError(api.get("/api/v1/users/me", bearer(none)), 401, "unauthorized");

        Algorithm hmac = Algorithm.HMAC256(SECRET);
        String expired = JWT.create()
                .withIssuer("slipway")
                .withAudience("slipway-api")
                .withSubject(account.id())
                .withClaim("role", "user")
                .withExpiresAt(Instant.now().minusSeconds(60))
                .sign(hmac);
        assertError(api.get("/api/v1/users/me", bearer(expired)), 401, "unauthorized");
        String otherIssuer = JWT.create()
                .withIssuer("someone-else")
                .withAudience("slipway-api")
                .withSubject(account.id())
                .withClaim("role", "user")
                .withExpiresAt(Instant.now().plusSeconds(60))
                .sign(hmac);
        assertError(api.get("/api/v1/users/me", bearer(otherIssuer)), 401, "unauthorized");
        String otherAudience = JWT.create()
                .withIssuer("slipway")
                .withAudience("another-api")
                .withSubject(account.id())
                .withClaim("role", "user")
                .withExpiresAt(Instant.now().plusSeconds(60))
                .sign(hmac);
        assertError(api.get("/api/v1/users/me", bearer(otherAudience)), 401, "unauthorized");
        String otherKey = JWT.create()
                .withIssuer("slipway")
                .withAudience("slipway-api")
                .withSubject(account.id())
                .withClaim("role", "admin")
                .withExpiresAt(Instant.now().plusSeconds(60))
                .sign(Algorithm.HMAC256("another-secret-that-is-at-least-32-bytes"));
        assertError(api.get("/api/v1/users/me", bearer(otherKey)), 401, "unauthorized");
    }

    @Test
    void usersActOnlyOnThemselvesAndAdminsOnAnyone() {
        Account alice = newAccount();
        Account bob = newAccount();
        Reply me = api.get("/api/v1/users/me", bearer(alice.token()));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asText()).isEqualTo(alice.id());

        assertError(api.get("/api/v1/users/" + bob.id(), bearer(alice.token())), 403, "forbidden");
        assertError(
                api.patch("/api/v1/users/" + bob.id(), Map.of("name", "x"), anyVersion(bearer(alice.token()))),
                403,
                "forbidden");
        assertError(api.delete("/api/v1/users/" + bob.id(), anyVersion(bearer(alice.token()))), 403, "forbidden");
        assertError(api.get("/api/v1/users", bearer(alice.token())), 403, "forbidden");

        assertThat(api.get("/api/v1/users/" + bob.id(), bearer(adminToken)).status())
                .isEqualTo(200);
        assertError(api.get("/api/v1/users/" + UUID.randomUUID(), bearer(adminToken)), 404, "not_found");
        assertError(api.get("/api/v1/users/not-a-uuid", bearer(adminToken)), 404, "not_found");

        Reply renamed =
                api.patch("/api/v1/users/" + bob.id(), Map.of("name", "Bob by admin"), anyVersion(bearer(adminToken)));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("name").asText()).isEqualTo("Bob by admin");
        assertThat(api.delete("/api/v1/users/" + bob.id(), anyVersion(bearer(adminToken)))
                        .status())
                .isEqualTo(204);
        assertError(api.get("/api/v1/users/" + bob.id(), bearer(adminToken)), 404, "not_found");
    }

    @Test
    void updatesAreConditionalOnTheVersion() {
        Account account = newAccount();
        String path = "/api/v1/users/" + account.id();
        Reply read = api.get(path, bearer(account.token()));
        assertThat(read.header("ETag")).isEqualTo("\"1\"");

        Reply first = api.patch(path, Map.of("name", "First"), concat(bearer(account.token()), "If-Match", "\"1\""));
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.header("ETag")).isEqualTo("\"2\"");
        assertThat(first.json().get("version").asInt()).isEqualTo(2);

        Reply stale =
                api.patch(path, Map.of("name", "Lost update"), concat(bearer(account.token()), "If-Match", "\"1\""));
        assertError(stale, 412, "precondition_failed");
        assertThat(api.get(path, bearer(account.token())).json().get("name").asText())
                .isEqualTo("First");

        assertError(
                api.patch(path, Map.of("name", "x"), concat(bearer(account.token()), "If-Match", "garbage")),
                400,
                "bad_request");
        Reply unconditional = api.patch(path, Map.of("name", "No version"), bearer(account.token()));
        assertError(unconditional, 428, "precondition_required");
        assertThat(unconditional.json().at("/fields/If-Match").asText()).isEqualTo("required");
        assertError(api.delete(path, bearer(account.token())), 428, "precondition_required");
        assertError(api.patch(path, Map.of(), anyVersion(bearer(account.token()))), 422, "validation_failed");
        assertError(
                api.patch(path, Map.of("role", "admin"), anyVersion(bearer(account.token()))),
                422,
                "validation_failed");
        assertError(
                api.patch(path, Map.of("password", "short"), anyVersion(bearer(account.token()))),
                422,
                "validation_failed");

        String newPassword = "a much longer new password";
        Reply changed = api.patch(
                path,
                Map.of("password", newPassword, "current_password", PASSWORD),
                anyVersion(bearer(account.token())));
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.text()).doesNotContain(newPassword);
        assertThat(api.post("/api/v1/auth/token", Map.of("email", account.email(), "password", PASSWORD))
                        .status())
                .isEqualTo(401);
        String newToken = login(account.email(), newPassword);

        assertError(api.delete(path, concat(bearer(newToken), "If-Match", "\"1\"")), 412, "precondition_failed");
        assertThat(api.delete(path, concat(bearer(newToken), "If-Match", "\"3\""))
                        .status())
                .isEqualTo(204);
    }

    @Test
    void adminsPageThroughUsersWithABoundedLimit() {
        for (int i = 0; i < 5; i++) {
            newAccount();
        }
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            Reply page = api.get(
                    "/api/v1/users?limit=2" + (cursor.isEmpty() ? "" : "&cursor=" + cursor), bearer(adminToken));
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
            page.json().get("items").forEach(u -> {
                assertThat(seen.add(u.get("id").asText())).isTrue();
                order.add(u.get("id").asText());
                assertThat(u.has("password_hash")).isFalse();
            });
            cursor = page.json().has("next_cursor")
                    ? page.json().get("next_cursor").asText()
                    : "";
            pages++;
        } while (!cursor.isEmpty() && pages < 1000);
        assertThat(seen.size()).isGreaterThanOrEqualTo(6);
        assertThat(order).isSorted();

        Reply tooMany = api.get("/api/v1/users?limit=201", bearer(adminToken));
        assertError(tooMany, 422, "validation_failed");
        assertThat(tooMany.json().get("fields").has("limit")).as(tooMany.text()).isTrue();
        assertError(api.get("/api/v1/users?limit=0", bearer(adminToken)), 422, "validation_failed");
        assertThat(api.get("/api/v1/users", bearer(adminToken))
                        .json()
                        .get("items")
                        .size())
                .isLessThanOrEqualTo(50);
    }

    @Test
    void secondReadIsServedFromRedisAndShowsInTheMetrics() {
        Account account = newAccount();
        double hitsBefore = metric("slipway_cache_operations_total{cache=\"users\",operation=\"get\",result=\"hit\"}");
        Reply first = api.get("/api/v1/users/" + account.id(), bearer(account.token()));
        assertThat(first.status()).isEqualTo(200);
        Reply second = api.get("/api/v1/users/" + account.id(), bearer(account.token()));
        assertThat(second.status()).isEqualTo(200);
        assertThat(metric("slipway_cache_operations_total{cache=\"users\",operation=\"get\",result=\"hit\"}"))
                .isGreaterThanOrEqualTo(hitsBefore + 1);
        // The cached copy is served as it was first: same body, same entity tag, same media type.
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(second.header("ETag")).isEqualTo(first.header("ETag")).isEqualTo("\"1\"");
        assertThat(second.header("Content-Type")).isEqualTo("application/json");

        // An update evicts the cached copy: the next read sees the new name and version.
        api.patch("/api/v1/users/" + account.id(), Map.of("name", "Renamed"), anyVersion(bearer(account.token())));
        Reply renamed = api.get("/api/v1/users/" + account.id(), bearer(account.token()));
        assertThat(renamed.json().get("name").asText()).isEqualTo("Renamed");
        assertThat(renamed.header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void readsOfOneUserKeepTheApiContract() {
        Account alice = newAccount();
        String path = "/api/v1/users/" + alice.id();
        // No token: 401 before anything about the id is revealed, whatever the id.
        for (String target : List.of(path, "/api/v1/users/" + UUID.randomUUID(), "/api/v1/users/not-a-uuid")) {
            Reply anonymous = api.get(target);
            assertError(anonymous, 401, "unauthorized");
            assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"slipway\"");
        }
        Reply notAnId = api.get("/api/v1/users/not-a-uuid", bearer(alice.token()));
        assertError(notAnId, 404, "not_found");
        assertThat(notAnId.json().at("/fields/id").asText()).isEqualTo("not a user id");
        assertThat(notAnId.json().get("request_id").asText()).isEqualTo(notAnId.header("X-Request-ID"));
        // A percent-encoded id is the same id.
        assertThat(api.get(
                                "/api/v1/users/%"
                                        + Integer.toHexString(alice.id().charAt(0))
                                        + alice.id().substring(1),
                                bearer(alice.token()))
                        .status())
                .isEqualTo(200);

        Reply head =
                api.send(api.request(path, bearer(alice.token())).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        Reply get = api.get(path, bearer(alice.token()));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.text()).isEmpty();
        assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
        assertThat(head.header("Content-Length"))
                .isEqualTo(Integer.toString(get.text().getBytes(StandardCharsets.UTF_8).length));

        // Anything longer is not a read of one user: Jersey answers it.
        assertError(api.get(path + "/friends", bearer(alice.token())), 404, "not_found");
        assertError(
                api.send(api.request(path, bearer(alice.token())).PUT(HttpRequest.BodyPublishers.noBody())),
                405,
                "method_not_allowed");
    }

    @Test
    void cacheEntriesWrittenTogetherExpireAtSpreadTimes() {
        List<Account> accounts =
                IntStream.range(0, 12).mapToObj(i -> newAccount()).toList();
        accounts.forEach(a -> assertThat(
                        api.get("/api/v1/users/" + a.id(), bearer(a.token())).status())
                .isEqualTo(200));
        try (redis.clients.jedis.Jedis redis = new redis.clients.jedis.Jedis(URI.create(REDIS.url()))) {
            List<Long> ttls = accounts.stream()
                    .map(a -> redis.ttl("slipway:user:v2:" + a.id()))
                    .toList();
            long fiveMinutes = 300;
            assertThat(ttls).allSatisfy(ttl -> assertThat(ttl).isBetween(fiveMinutes * 4 / 5 - 5, fiveMinutes));
            assertThat(new HashSet<>(ttls)).as("TTLs %s", ttls).hasSizeGreaterThan(3);
        }
    }

    @Test
    void unknownRoutesMethodsAndBodiesGetJsonErrors() {
        assertError(api.get("/no/such/route"), 404, "not_found");
        Reply wrongMethod = api.send(api.request("/api/v1/users/me").PUT(HttpRequest.BodyPublishers.noBody()));
        assertError(wrongMethod, 405, "method_not_allowed");
        assertError(
                api.send(api.request("/api/v1/users")
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))),
                415,
                "unsupported_media_type");

        String big = "{\"email\":\"big@example.com\",\"name\":\"" + "x".repeat(70 * 1024) + "\",\"password\":\""
                + PASSWORD + "\"}";
        assertError(headersOnly("/api/v1/users", big.length()), 413, "payload_too_large");
        assertError(api.postChunked("/api/v1/users", big.getBytes(StandardCharsets.UTF_8)), 413, "payload_too_large");
    }

    /**
     * A body too large by its Content-Length is refused before it is read, so only the headers are
     * sent: a client still writing the body when the server answers and closes may see the close
     * before the answer. Were it not refused early, the server would wait for the body and the
     * read would find no answer.
     */
    static Reply headersOnly(String path, int contentLength) {
        return RawHttp.send(
                APP.getLocalPort(),
                "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + contentLength + "\r\n\r\n");
    }

    @Test
    void requestIdsAreAcceptedWhenSaneAndGeneratedOtherwise() {
        assertThat(api.get("/health/live", "X-Request-ID", "trace-1234.abcd").header("X-Request-ID"))
                .isEqualTo("trace-1234.abcd");
        String replaced =
                api.get("/health/live", "X-Request-ID", "bad id <script>").header("X-Request-ID");
        assertThat(replaced).doesNotContain("script").matches("[0-9a-f-]{36}");
        assertThat(api.get("/health/live").header("X-Request-ID")).matches("[0-9a-f-]{36}");
    }

    @Test
    void corsIsClosedByDefault() {
        Reply preflight = api.send(
                api.request("/api/v1/users", "Origin", "https://evil.example", "Access-Control-Request-Method", "POST")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void openApiDescribesEveryEndpoint() {
        Reply doc = api.get("/openapi.json");
        assertThat(doc.status()).isEqualTo(200);
        JsonNode paths = doc.json().get("paths");
        assertThat(paths.fieldNames())
                .toIterable()
                .contains("/api/v1/users", "/api/v1/users/me", "/api/v1/users/{id}", "/api/v1/auth/token");
        assertThat(paths.get("/api/v1/users/{id}").fieldNames()).toIterable().contains("get", "patch", "delete");
        assertThat(doc.json().at("/components/securitySchemes/bearer/scheme").asText())
                .isEqualTo("bearer");
    }

    static double metric(String series) {
        String text = new Api(APP.getAdminPort()).get("/prometheus").text();
        return text.lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst()
                .orElse(0);
    }

    static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The headers and {@code If-Match: *}: a write meant for whatever version is current. */
    static String[] anyVersion(String[] headers) {
        return concat(headers, "If-Match", "*");
    }

    static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
