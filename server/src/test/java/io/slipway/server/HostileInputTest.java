package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.slipway.server.support.Api;
import io.slipway.server.support.Api.Reply;
import io.slipway.server.support.PostgresServer;
import io.slipway.server.support.RawHttp;
import io.slipway.server.support.RealParts;
import io.slipway.server.support.RedisProcess;
import io.slipway.server.support.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an attacker would try, against the real server on real PostgreSQL and Redis: every answer
 * is the JSON error envelope with a request id, no client mistake is a 5xx, nothing acknowledged
 * differs from what is stored, and nothing secret reaches the log. Clients are told apart by
 * {@code X-Forwarded-For} behind one trusted proxy, as behind the ingress.
 */
@RealParts
@ExtendWith(DropwizardExtensionsSupport.class)
class HostileInputTest {

    static final String SECRET = "test-secret-that-is-at-least-32-bytes-long";
    static final String PASSWORD = "correct horse battery";
    static final PostgresServer.Database POSTGRES = PostgresServer.sharedDatabase("hostile_input");
    static final RedisProcess REDIS = RedisProcess.start();
    static final Path LOG = TestApp.logFile(HostileInputTest.class);
    static final DropwizardAppExtension<SlipwayConfiguration> APP = TestApp.with(
            POSTGRES::jdbcUrl,
            REDIS::url,
            LOG,
            ConfigOverride.config("http.trustedProxyHops", "1"),
            ConfigOverride.config("auth.revocationCheckInterval", "1s"));
    static final AtomicInteger CLIENTS = new AtomicInteger();
    /** Every token and password this test sent; none may appear in the log. */
    static final List<String> SECRETS = new ArrayList<>(List.of(PASSWORD));

    record Account(String id, String email, String token) {}

    @AfterAll
    static void stopDependencies() {
        REDIS.stop();
    }

    static Api api() {
        return new Api(APP.getLocalPort());
    }

    /** A fresh client address, so no test shares a throttle bucket with another. */
    static String client() {
        return "198.51.100." + CLIENTS.incrementAndGet();
    }

    static String[] from(String client, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "X-Forwarded-For";
        all[1] = "10.9.9.9, " + client; // the left entry is the client's own claim and must be ignored
        System.arraycopy(headers, 0, all, 2, headers.length);
        return all;
    }

    static Account register(String client) {
        String email = "h" + UUID.randomUUID() + "@example.com";
        Reply created = api().post(
                        "/api/v1/users",
                        Map.of("email", email, "name", "Hostile Test", "password", PASSWORD),
                        from(client));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new Account(created.json().get("id").asText(), email, login(email, PASSWORD, client));
    }

    static String login(String email, String password, String client) {
        Reply reply = api().post("/api/v1/auth/token", Map.of("email", email, "password", password), from(client));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        String token = reply.json().get("access_token").asText();
        SECRETS.add(token);
        return token;
    }

    static String[] bearer(String token, String client) {
        return from(client, "Authorization", "Bearer " + token);
    }

    static void assertEnvelope(Reply reply, int status, String error) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.text()).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.get("error").asText()).as(reply.text()).isEqualTo(error);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("request_id").asText()).isNotBlank().isEqualTo(reply.header("X-Request-ID"));
        assertThat(reply.text()).doesNotContain("Exception", "at io.", "SELECT", "INSERT", "<html");
    }

    static void assertField(Reply reply, int status, String field) {
        assertEnvelope(
                reply,
                status,
                status == 422 ? "validation_failed" : reply.json().get("error").asText());
        assertThat(reply.json().get("fields").has(field)).as(reply.text()).isTrue();
    }

    static String json(String email, String name, String password) {
        return "{\"email\":" + email + ",\"name\":" + name + ",\"password\":" + password + "}";
    }

    static String quoted(String s) {
        return "\"" + s + "\"";
    }

    // --- HTTP that never reaches the API -------------------------------------------------------

    @Test
    void everyErrorJettyWritesItselfIsTheJsonEnvelope() {
        int port = APP.getLocalPort();
        assertEnvelope(
                RawHttp.send(port, "GET /api/v1/users/%2F..%2F HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "bad_request");
        assertEnvelope(RawHttp.send(port, "GET /api/v1/users/%C0%AF HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "bad_request");
        assertEnvelope(RawHttp.send(port, "GET /health/live HTTP/1.1\rHost: x\r\n\r\n"), 400, "bad_request");
        assertEnvelope(
                RawHttp.send(port, "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414, "uri_too_long");
        assertEnvelope(
                RawHttp.send(port, "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n"),
                431,
                "headers_too_large");
        assertEnvelope(
                RawHttp.send(port, "TRACE /api/v1/users HTTP/1.1\r\nHost: x\r\n\r\n"), 405, "method_not_allowed");
        Reply patchWithoutLength = RawHttp.send(
                port,
                "PATCH /api/v1/users/" + UUID.randomUUID()
                        + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}");
        assertEnvelope(patchWithoutLength, 400, "bad_request");
        Reply deleteWithBadChunks = RawHttp.send(
                port,
                "DELETE /api/v1/users/" + UUID.randomUUID()
                        + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n\r\n");
        assertThat(deleteWithBadChunks.status()).isIn(400, 401);
        assertEnvelope(
                deleteWithBadChunks,
                deleteWithBadChunks.status(),
                deleteWithBadChunks.status() == 400 ? "bad_request" : "unauthorized");
    }

    @Test
    void theAdminPortServesOnlyMetricsAndChecks() {
        Api admin = new Api(APP.getAdminPort());
        assertThat(admin.get("/prometheus").status()).isEqualTo(200);
        assertThat(admin.get("/ping").status()).isEqualTo(200);
        assertEnvelope(admin.post("/tasks/log-level?logger=org.eclipse.jetty&level=DEBUG", ""), 404, "not_found");
        assertEnvelope(admin.post("/tasks/gc", ""), 404, "not_found");
        assertEnvelope(admin.get("/threads"), 404, "not_found");
        assertEnvelope(admin.get("/pprof"), 404, "not_found");
    }

    // --- bodies ----------------------------------------------------------------------------------

    @Test
    void textThatCannotBeStoredExactlyIsRefusedNamingTheField() {
        String c = client();
        String email = quoted("n" + UUID.randomUUID() + "@example.com");
        assertField(
                api().post("/api/v1/users", json(email, quoted("a\\u0000b"), quoted(PASSWORD)), from(c)), 422, "name");
        assertField(
                api().post(
                                "/api/v1/users",
                                json(quoted("a\\u0000b@example.com"), quoted("N"), quoted(PASSWORD)),
                                from(c)),
                422,
                "email");
        assertField(
                api().post("/api/v1/users", json(email, quoted("N"), quoted(PASSWORD + "\\u0000")), from(c)),
                422,
                "password");
        assertField(
                api().post("/api/v1/users", json(email, quoted("bad \\ud800 name"), quoted(PASSWORD)), from(c)),
                422,
                "name");
        assertField(
                api().post(
                                "/api/v1/users",
                                json(quoted("x\\udfff@example.com"), quoted("N"), quoted(PASSWORD)),
                                from(c)),
                422,
                "email");
        assertField(
                api().post("/api/v1/users", json(email, quoted("N"), quoted(PASSWORD + "\\udbff")), from(c)),
                422,
                "password");
        assertField(
                api().post("/api/v1/users", json(email, quoted("two\\nlines"), quoted(PASSWORD)), from(c)),
                422,
                "name");
        assertField(
                api().post("/api/v1/users", json(email, quoted("rtl\\u202eoverride"), quoted(PASSWORD)), from(c)),
                422,
                "name");
        assertField(
                api().post("/api/v1/auth/token", "{\"email\":\"a\\u0000@example.com\",\"password\":\"x\"}", from(c)),
                422,
                "email");

        // Overlong UTF-8: C0 AF would decode to "/", C0 80 to NUL.
        for (byte[] overlong : new byte[][] {
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}
        }) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("{\"email\":" + email + ",\"name\":\"x").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(overlong);
            body.writeBytes(("\",\"password\":\"" + PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8));
            Reply reply = api().send(api().request("/api/v1/users", from(c))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
            assertField(reply, 400, "body");
            assertThat(reply.json().get("message").asText()).contains("UTF-8");
        }
    }

    @Test
    void oneMailboxIsOneAccount() {
        String c = client();
        String local = "mbox" + UUID.randomUUID().toString().substring(0, 8);
        Reply first = api().post(
                        "/api/v1/users",
                        Map.of("email", local + "@example.com", "name", "M", "password", PASSWORD),
                        from(c));
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        for (String sameMailbox : List.of(
                local.toUpperCase(Locale.ROOT) + "@EXAMPLE.COM",
                local + "@ｅxample.com",
                local + "@example\uFF0Ecom",
                "\uFF4D" + local.substring(1) + "@example.com")) {
            Reply again = api().post(
                            "/api/v1/users", Map.of("email", sameMailbox, "name", "M", "password", PASSWORD), from(c));
            assertEnvelope(again, 409, "conflict");
        }
        for (String hidden : List.of(
                local + "@example.com\u200B",
                local + "@exam\u00ADple.com",
                local + "\u200D@example.com",
                local + "@exa mple.com",
                local + "@example.com\u0007")) {
            assertField(
                    api().post("/api/v1/users", Map.of("email", hidden, "name", "M", "password", PASSWORD), from(c)),
                    422,
                    "email");
        }
        // One domain, two spellings: its Unicode form and its ASCII (punycode) form.
        Reply unicode = api().post(
                        "/api/v1/users",
                        Map.of("email", local + "@bücher.example", "name", "M", "password", PASSWORD),
                        from(c));
        assertThat(unicode.status()).as(unicode.text()).isEqualTo(201);
        assertThat(unicode.json().get("email").asText()).isEqualTo(local + "@bücher.example");
        assertEnvelope(
                api().post(
                                "/api/v1/users",
                                Map.of("email", local + "@xn--bcher-kva.example", "name", "M", "password", PASSWORD),
                                from(c)),
                409,
                "conflict");
        // Lower-casing can lengthen an address: it is checked in the form it is stored in.
        assertField(
                api().post(
                                "/api/v1/users",
                                Map.of(
                                        "email",
                                        "\u0130".repeat(173) + "@example.com",
                                        "name",
                                        "M",
                                        "password",
                                        PASSWORD),
                                from(c)),
                422,
                "email");
    }

    @Test
    void whatIsAcknowledgedIsWhatIsStored() throws SQLException {
        String c = client();
        Account owner = register(c);
        for (String name : List.of(
                "Zoë 🚀 Ω",
                "👩‍👩‍👧 family",
                "مرحبا بالعالم",
                "e\u0301 combining",
                "x".repeat(100),
                "🙂".repeat(50))) {
            Reply renamed = api().patch(
                            "/api/v1/users/" + owner.id(),
                            Map.of("name", name),
                            bearer(owner.token(), c, "If-Match", "*"));
            assertThat(renamed.status()).as(renamed.text()).isEqualTo(200);
            assertThat(renamed.json().get("name").asText()).isEqualTo(name);
            assertThat(stored(owner.id(), "name")).isEqualTo(name);
            assertThat(api().get("/api/v1/users/" + owner.id(), bearer(owner.token(), c))
                            .json()
                            .get("name")
                            .asText())
                    .isEqualTo(name);
        }
        Reply created = api().post(
                        "/api/v1/users",
                        Map.of(
                                "email",
                                "  Stored" + owner.id().substring(0, 6) + "@Bücher.Example ",
                                "name",
                                "  Padded  ",
                                "password",
                                PASSWORD),
                        from(c));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(stored(created.json().get("id").asText(), "email"))
                .isEqualTo(created.json().get("email").asText());
        assertThat(stored(created.json().get("id").asText(), "name"))
                .isEqualTo("Padded")
                .isEqualTo(created.json().get("name").asText());
    }

    // --- query parameters and tokens -------------------------------------------------------------

    @Test
    void badQueryParametersAre422NamingTheParameter() {
        String c = client();
        String admin = adminToken(c);
        for (String limit : List.of("abc", "99999999999", "1e3", "201", "0", "-1", "", "%00")) {
            assertField(api().get("/api/v1/users?limit=" + limit, bearer(admin, c)), 422, "limit");
        }
        assertField(api().get("/api/v1/users?cursor=not-a-cursor", bearer(admin, c)), 422, "cursor");
        assertThat(api().get("/api/v1/users?limit=200", bearer(admin, c)).status())
                .isEqualTo(200);
    }

    @Test
    void tokensAreTakenFromTheHeaderOnlyAndOddClaimsAre401() {
        String c = client();
        Account account = register(c);
        assertEnvelope(api().get("/api/v1/users/me?access_token=" + account.token(), from(c)), 401, "unauthorized");
        Algorithm hmac = Algorithm.HMAC256(SECRET);
        Instant soon = Instant.now().plusSeconds(60);
        List<String> odd = List.of(
                JWT.create()
                        .withIssuer("slipway")
                        .withAudience("slipway-api")
                        .withClaim("sub", (String) null)
                        .withClaim("role", "admin")
                        .withClaim("gen", 1)
                        .withExpiresAt(soon)
                        .sign(hmac),
                JWT.create()
                        .withIssuer("slipway")
                        .withAudience("slipway-api")
                        .withSubject("not-a-uuid")
                        .withClaim("role", "user")
                        .withClaim("gen", 1)
                        .withExpiresAt(soon)
                        .sign(hmac),
                JWT.create()
                        .withIssuer("slipway")
                        .withAudience("slipway-api")
                        .withSubject(account.id())
                        .withClaim("role", "admin")
                        .withExpiresAt(soon)
                        .sign(hmac),
                JWT.create()
                        .withIssuer("slipway")
                        .withAudience("slipway-api")
                        .withSubject(account.id())
                        .withClaim("role", "user")
                        .withClaim("gen", "1")
                        .withExpiresAt(soon)
                        .sign(hmac),
                JWT.create()
                        .withIssuer("slipway")
                        .withAudience("slipway-api")
                        .withSubject(account.id())
                        .withClaim("role", "user")
                        .withClaim("gen", 1)
                        .sign(hmac));
        for (String token : odd) {
            assertEnvelope(api().get("/api/v1/users/me", bearer(token, c)), 401, "unauthorized");
        }
        Reply issued =
                api().post("/api/v1/auth/token", Map.of("email", account.email(), "password", PASSWORD), from(c));
        SECRETS.add(issued.json().get("access_token").asText());
        assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
        assertThat(issued.header("Pragma")).isEqualTo("no-cache");
    }

    // --- authorisation after the fact -------------------------------------------------------------

    @Test
    void deletingOrDemotingAUserEndsItsTokensWithinSeconds() throws SQLException {
        String c = client();
        Account admin = register(c);
        Account other = register(c);
        sql("UPDATE users SET role = 'ADMIN' WHERE id = '" + admin.id() + "'");
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        api().get("/api/v1/users", bearer(admin.token(), c)).status() == 200);

        sql("UPDATE users SET role = 'USER' WHERE id = '" + admin.id() + "'");
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        api().get("/api/v1/users", bearer(admin.token(), c)).status() == 403);
        assertEnvelope(
                api().patch(
                                "/api/v1/users/" + other.id(),
                                Map.of("name", "renamed by a demoted admin"),
                                bearer(admin.token(), c, "If-Match", "*")),
                403,
                "forbidden");

        // Deleted through the API on this pod: at once. Deleted behind its back (another pod): within the interval.
        assertThat(api().delete("/api/v1/users/" + other.id(), bearer(other.token(), c, "If-Match", "*"))
                        .status())
                .isEqualTo(204);
        assertEnvelope(api().get("/api/v1/users/me", bearer(other.token(), c)), 401, "unauthorized");
        sql("DELETE FROM users WHERE id = '" + admin.id() + "'");
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        api().get("/api/v1/users/me", bearer(admin.token(), c)).status() == 401);
    }

    @Test
    void changingOnesOwnPasswordTakesTheCurrentOneAndEndsOldTokens() {
        String c = client();
        Account account = register(c);
        String other = login(account.email(), PASSWORD, c);
        String path = "/api/v1/users/" + account.id();
        String next = "an entirely new passphrase";
        SECRETS.add(next);
        assertField(
                api().patch(path, Map.of("password", next), bearer(account.token(), c, "If-Match", "*")),
                422,
                "current_password");
        assertField(
                api().patch(
                                path,
                                Map.of("password", next, "current_password", "not the password"),
                                bearer(account.token(), c, "If-Match", "*")),
                403,
                "current_password");
        Reply changed = api().patch(
                        path,
                        Map.of("password", next, "current_password", PASSWORD),
                        bearer(account.token(), c, "If-Match", "*"));
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertEnvelope(api().get("/api/v1/users/me", bearer(account.token(), c)), 401, "unauthorized");
        assertEnvelope(api().get("/api/v1/users/me", bearer(other, c)), 401, "unauthorized");
        assertThat(api().get("/api/v1/users/me", bearer(login(account.email(), next, c), c))
                        .status())
                .isEqualTo(200);
    }

    // --- guessing ----------------------------------------------------------------------------------

    @Test
    void guessingIsThrottledPerClientWithoutLockingTheOwnerOut() {
        String attacker = client();
        Account victim = register(client());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Reply guess = api().post(
                            "/api/v1/auth/token",
                            Map.of("email", victim.email(), "password", "guess number " + i),
                            from(attacker));
            statuses.add(guess.status());
            if (guess.status() == 429) {
                assertEnvelope(guess, 429, "too_many_requests");
                assertThat(Integer.parseInt(guess.header("Retry-After"))).isBetween(1, 15 * 60);
            }
        }
        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.subList(5, 12)).containsOnly(429);
        // The right password from the guessing client is refused too: the throttle answers before any check.
        assertEnvelope(
                api().post("/api/v1/auth/token", Map.of("email", victim.email(), "password", PASSWORD), from(attacker)),
                429,
                "too_many_requests");
        // The owner, elsewhere, is not locked out.
        login(victim.email(), PASSWORD, client());

        // An unknown email is throttled exactly like a known one: the answer does not tell them apart.
        String prober = client();
        List<Integer> unknown = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            unknown.add(api().post(
                            "/api/v1/auth/token",
                            Map.of("email", "nobody" + "@example.com", "password", "guess " + i),
                            from(prober))
                    .status());
        }
        assertThat(unknown).containsExactly(401, 401, 401, 401, 401, 429, 429);
    }

    @Test
    void anUnknownEmailCostsTheSameHashAsAKnownOne() {
        String c = client();
        Account known = register(c);
        double before = metric("slipway_password_hashes_total{purpose=\"verify\",result=\"done\"}");
        assertEnvelope(
                api().post(
                                "/api/v1/auth/token",
                                Map.of("email", known.email(), "password", "wrong password"),
                                from(client())),
                401,
                "unauthorized");
        assertThat(metric("slipway_password_hashes_total{purpose=\"verify\",result=\"done\"}"))
                .isEqualTo(before + 1);
        assertEnvelope(
                api().post(
                                "/api/v1/auth/token",
                                Map.of(
                                        "email",
                                        "ghost-" + UUID.randomUUID() + "@example.com",
                                        "password",
                                        "wrong password"),
                                from(client())),
                401,
                "unauthorized");
        assertThat(metric("slipway_password_hashes_total{purpose=\"verify\",result=\"done\"}"))
                .isEqualTo(before + 2);
    }

    // --- races that must have one winner ----------------------------------------------------------

    @Test
    void concurrentRegistrationsOfOneEmailHaveOneWinnerAndTheRestAre409WithoutHashing() throws Exception {
        String email = "race" + UUID.randomUUID() + "@example.com";
        double hashedBefore = metric("slipway_password_hashes_total{purpose=\"store\",result=\"done\"}");
        List<Integer> statuses = inParallel(
                20,
                i -> api().post(
                                "/api/v1/users",
                                Map.of("email", email, "name", "Racer " + i, "password", PASSWORD),
                                from(client()))
                        .status());
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
        assertThat(statuses.stream().filter(s -> s != 201)).allMatch(s -> s == 409);
        assertThat(metric("slipway_password_hashes_total{purpose=\"store\",result=\"done\"}"))
                .as("only the winner's password was hashed")
                .isEqualTo(hashedBefore + 1);
        assertThat(count("SELECT count(*) FROM users WHERE email = '" + email + "'"))
                .isEqualTo(1);
    }

    @Test
    void concurrentUpdatesWithOneIfMatchHaveOneWinner() throws Exception {
        String c = client();
        Account account = register(c);
        List<Reply> replies = inParallel(
                20,
                i -> api().patch(
                                "/api/v1/users/" + account.id(),
                                Map.of("name", "Writer " + i),
                                bearer(account.token(), c, "If-Match", "\"1\"")));
        List<Reply> won = replies.stream().filter(r -> r.status() == 200).toList();
        assertThat(won).hasSize(1);
        assertThat(replies.stream().filter(r -> r.status() != 200)).allMatch(r -> r.status() == 412);
        assertThat(stored(account.id(), "name"))
                .isEqualTo(won.get(0).json().get("name").asText());
    }

    // --- the log ------------------------------------------------------------------------------------

    @Test
    void aFailingInsertLogsNeitherSqlNorValuesAndAnAbortedBodyIsNoServerError() throws Exception {
        sql("CREATE OR REPLACE FUNCTION refuse_marked() RETURNS trigger AS $$ BEGIN "
                + "IF NEW.name = 'refuse me' THEN RAISE EXCEPTION 'refused row: %', NEW.password_hash; END IF; "
                + "RETURN NEW; END $$ LANGUAGE plpgsql");
        sql("DROP TRIGGER IF EXISTS refuse_marked ON users");
        sql("CREATE TRIGGER refuse_marked BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION refuse_marked()");
        Reply failed = api().post(
                        "/api/v1/users",
                        Map.of(
                                "email",
                                "refused" + UUID.randomUUID() + "@example.com",
                                "name",
                                "refuse me",
                                "password",
                                PASSWORD),
                        from(client()));
        assertEnvelope(failed, 500, "internal_error");

        double serverErrors = serverErrors();
        for (int i = 0; i < 5; i++) {
            try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 4000\r\n\r\n{\"email\":\"abort@example.com\",")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        metric("http_requests_total{method=\"POST\",route=\"/api/v1/users\",status=\"400\"}") >= 5);
        assertThat(serverErrors()).isEqualTo(serverErrors);

        // The embedded PostgreSQL's own server log lands in this JVM's log too; it is the database's, not ours.
        List<String> lines = Files.readAllLines(LOG).stream()
                .filter(l -> !l.contains("\"logger\":\"io.zonky."))
                .toList();
        List<String> leaks = lines.stream().filter(HostileInputTest::leaks).toList();
        assertThat(leaks)
                .as("log lines with secrets, SQL or client-caused stack traces")
                .isEmpty();
        assertThat(lines.stream().filter(l -> l.contains("\"level\":\"ERROR\"")))
                .hasSize(1)
                .allMatch(l -> l.contains("unhandled error") && l.contains("PSQLException (SQLState P0001)"));
    }

    static boolean leaks(String line) {
        return line.contains("$argon2")
                || line.contains("INSERT INTO")
                || line.contains("SELECT ")
                || line.contains("refused row")
                || line.contains("EofException")
                || SECRETS.stream().anyMatch(line::contains);
    }

    // --- plumbing -----------------------------------------------------------------------------------

    static String[] bearer(String token, String client, String... more) {
        String[] base = bearer(token, client);
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    static String adminToken(String c) {
        Account account = register(c);
        try {
            sql("UPDATE users SET role = 'ADMIN' WHERE id = '" + account.id() + "'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        api().get("/api/v1/users", bearer(account.token(), c)).status() == 200);
        return account.token();
    }

    interface Call<T> {
        T call(int index) throws Exception;
    }

    static <T> List<T> inParallel(int n, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<T>) () -> call.call(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static Connection database() throws SQLException {
        return DriverManager.getConnection(POSTGRES.jdbcUrl(), "postgres", "postgres");
    }

    static void sql(String statement) throws SQLException {
        try (Connection connection = database();
                Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    static long count(String query) throws SQLException {
        try (Connection connection = database();
                Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String stored(String id, String column) throws SQLException {
        try (Connection connection = database();
                PreparedStatement s =
                        connection.prepareStatement("SELECT " + column + " FROM users WHERE id = ?::uuid")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    static double metric(String series) {
        return metrics().getOrDefault(series, 0.0);
    }

    static double serverErrors() {
        return metrics().entrySet().stream()
                .filter(e -> e.getKey().startsWith("http_requests_total{")
                        && e.getKey().matches(".*status=\"5\\d\\d\".*"))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    static Map<String, Double> metrics() {
        Map<String, Double> values = new HashMap<>();
        for (String line : new Api(APP.getAdminPort())
                .get("/prometheus")
                .text()
                .lines()
                .filter(l -> !l.startsWith("#"))
                .collect(Collectors.toList())) {
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return values;
    }
}
