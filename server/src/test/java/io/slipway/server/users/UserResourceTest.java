package io.slipway.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slipway.server.auth.AccountStanding;
import io.slipway.server.auth.Accounts;
import io.slipway.server.auth.BearerAuth;
import io.slipway.server.auth.BearerAuthenticator;
import io.slipway.server.auth.CallerStandings;
import io.slipway.server.auth.CredentialCheck;
import io.slipway.server.auth.Credentials;
import io.slipway.server.auth.LoginThrottle;
import io.slipway.server.auth.PasswordHasher;
import io.slipway.server.auth.Role;
import io.slipway.server.auth.ThrottleSettings;
import io.slipway.server.auth.TokenService;
import io.slipway.server.support.InMemoryApi;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import org.assertj.core.api.MapAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The users resource over HTTP without a server or a database: Jersey in memory, the real
 * authentication, validation and error mapping, and the users kept in a map.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UserResourceTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    static final String PASSWORD = "correct horse battery";

    final InMemoryUsers users = new InMemoryUsers();
    final TokenService tokens = new TokenService(
            "a-test-secret-that-is-at-least-32-bytes".getBytes(StandardCharsets.UTF_8),
            "slipway",
            "slipway-api",
            Duration.ofMinutes(30),
            CLOCK);

    final ResourceExtension resources = resources();

    ResourceExtension resources() {
        ResourceExtension.Builder builder = InMemoryApi.builder()
                .addResource(new UserResource(
                        users,
                        new CredentialCheck(
                                users,
                                new PasswordHasher(),
                                new LoginThrottle(new ThrottleSettings(), new PrometheusRegistry()))))
                .addProvider(new UserWriteRefusedMapper());
        BearerAuth.providers(new BearerAuthenticator(
                        tokens, new CallerStandings(users::standing, Duration.ZERO, () -> 0, Runnable::run)))
                .forEach(builder::addProvider);
        return builder.build();
    }

    @Test
    void registeringAnswersCreatedWithWhereTheUserIsAndItsVersion() {
        Response created =
                post("/api/v1/users", Map.of("email", "ada@example.com", "name", "Ada", "password", PASSWORD));
        assertThat(created.getStatus()).isEqualTo(201);
        User user = created.readEntity(User.class);
        assertThat(created.getLocation().getPath()).isEqualTo("/api/v1/users/" + user.id());
        assertThat(created.getHeaderString(HttpHeaders.ETAG)).isEqualTo("\"1\"");
        assertThat(user.role()).isEqualTo(Role.USER);

        Response again = post("/api/v1/users", Map.of("email", "ada@example.com", "name", "Ada", "password", PASSWORD));
        assertError(again, 409, "conflict").containsEntry("email", "already registered");
    }

    @Test
    void aBodyThatIsNotANewUserNamesTheField() {
        assertError(
                        post("/api/v1/users", Map.of("email", "not-an-address", "name", "Ada", "password", PASSWORD)),
                        422,
                        "validation_failed")
                .containsKey("email");
        assertError(
                        post("/api/v1/users", Map.of("email", "ada@example.com", "name", "Ada", "password", "short")),
                        422,
                        "validation_failed")
                .containsKey("password");
        assertError(
                        post(
                                "/api/v1/users",
                                Map.of(
                                        "email",
                                        "ada@example.com",
                                        "name",
                                        "Ada",
                                        "password",
                                        PASSWORD,
                                        "role",
                                        "admin")),
                        422,
                        "validation_failed")
                .containsKey("role");
        assertThat(users.byId).isEmpty();
    }

    /** Request shapes the API refuses before anything is stored: no database needed to show them. */
    @Test
    void everyFieldOfABadRegistrationIsNamedAndNoValueIsConverted() {
        assertError(raw("{\"email\":\"not-an-email\",\"name\":\" \",\"password\":\"short\"}"), 422, "validation_failed")
                .containsOnlyKeys("email", "name", "password");
        for (String field : List.of("role", "id", "created_at")) {
            assertError(
                            raw(registration(quoted("m@example.com"), quoted("M"), quoted(PASSWORD), field)),
                            422,
                            "validation_failed")
                    .hasEntrySatisfying(field, reason -> assertThat(reason).startsWith("unknown field"));
        }
        assertError(raw(registration(quoted("t@example.com"), "{}", quoted(PASSWORD), null)), 422, "validation_failed")
                .containsEntry("name", "must be a string");
        assertError(
                        raw(registration(quoted("t@example.com"), "12345", quoted(PASSWORD), null)),
                        422,
                        "validation_failed")
                .containsEntry("name", "must be a string");
        assertError(
                        raw(registration(quoted("t@example.com"), "true", quoted(PASSWORD), null)),
                        422,
                        "validation_failed")
                .containsKey("name");
        assertError(
                        raw(registration(quoted("t@example.com"), quoted("N"), "123456789012345", null)),
                        422,
                        "validation_failed")
                .containsKey("password");
        assertError(raw(registration("1.5", quoted("N"), quoted(PASSWORD), null)), 422, "validation_failed")
                .containsKey("email");
        assertError(raw(""), 422, "validation_failed").containsEntry("body", "must not be null");
        for (String malformed : List.of(
                "{\"email\": ",
                "[1, 2]",
                "{\"email\":\"t@example.com\",\"name\":\"A\",\"name\":\"B\",\"password\":" + quoted(PASSWORD) + "}",
                registration(quoted("t@example.com"), quoted("N"), quoted(PASSWORD), null) + " {\"role\":\"admin\"}")) {
            assertError(raw(malformed), 400, "malformed_json");
        }
        assertThat(users.byId).isEmpty();
    }

    Response raw(String json) {
        return resources.target("/api/v1/users").request().post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
    }

    /** A registration body from JSON values as written; {@code extra}, when given, one more field. */
    static String registration(String email, String name, String password, String extra) {
        return "{\"email\":" + email + ",\"name\":" + name + ",\"password\":" + password
                + (extra == null ? "" : ",\"" + extra + "\":\"x\"") + "}";
    }

    static String quoted(String text) {
        return "\"" + text + "\"";
    }

    @Test
    void listingIsForAdminsAndPagesByCursor() {
        User admin = users.add("root@example.com", Role.ADMIN);
        User ada = users.add("ada@example.com", Role.USER);
        users.add("bob@example.com", Role.USER);

        Response anonymous = resources.target("/api/v1/users").request().get();
        assertThat(anonymous.getStatus()).isEqualTo(401);
        assertThat(anonymous.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"slipway\"");
        assertThat(as(ada, resources.target("/api/v1/users").request()).get().getStatus())
                .isEqualTo(403);
        assertError(
                        as(
                                        admin,
                                        resources
                                                .target("/api/v1/users")
                                                .queryParam("limit", "0")
                                                .request())
                                .get(),
                        422,
                        "validation_failed")
                .containsEntry("limit", "must be a whole number from 1 to 200");
        assertError(
                        as(
                                        admin,
                                        resources
                                                .target("/api/v1/users")
                                                .queryParam("cursor", "x")
                                                .request())
                                .get(),
                        422,
                        "validation_failed")
                .containsKey("cursor");

        JsonNode first = as(
                        admin,
                        resources
                                .target("/api/v1/users")
                                .queryParam("limit", "2")
                                .request())
                .get(JsonNode.class);
        assertThat(first.path("items")).hasSize(2);
        JsonNode rest = as(
                        admin,
                        resources
                                .target("/api/v1/users")
                                .queryParam("cursor", first.path("next_cursor").asText())
                                .request())
                .get(JsonNode.class);
        assertThat(rest.path("items")).hasSize(1);
        assertThat(rest.has("next_cursor")).isFalse();
    }

    @Test
    void changesHonourIfMatchAndOnlySelfOrAdmin() {
        User ada = users.add("ada@example.com", Role.USER);
        User bob = users.add("bob@example.com", Role.USER);
        String adaPath = "/api/v1/users/" + ada.id();

        assertThat(patch(bob, adaPath, null, Map.of("name", "Eve")).getStatus()).isEqualTo(403);
        assertError(patch(ada, adaPath, null, Map.of()), 422, "validation_failed")
                .containsKey("body");
        assertError(patch(ada, adaPath, "3", Map.of("name", "Ada L.")), 400, "bad_request")
                .containsEntry("If-Match", "not an entity tag");

        Response renamed = patch(ada, adaPath, "\"1\"", Map.of("name", "Ada L."));
        assertThat(renamed.getStatus()).isEqualTo(200);
        assertThat(renamed.getHeaderString(HttpHeaders.ETAG)).isEqualTo("\"2\"");
        assertError(patch(ada, adaPath, "\"1\"", Map.of("name", "Ada K.")), 412, "precondition_failed")
                .containsEntry("If-Match", "stale version");

        assertError(patch(ada, adaPath, null, Map.of("name", "Ada K.")), 428, "precondition_required")
                .containsEntry("If-Match", "required");
        assertThat(delete(bob, adaPath).getStatus()).isEqualTo(403);
        assertError(as(ada, resources.target(adaPath).request()).delete(), 428, "precondition_required");
        assertThat(delete(ada, adaPath).getStatus()).isEqualTo(204);
        // A deleted user's token is refused from then on.
        assertThat(delete(ada, adaPath).getStatus()).isEqualTo(401);
        assertError(delete(bob, "/api/v1/users/not-an-id"), 404, "not_found");
    }

    @Test
    void changingOnesOwnPasswordTakesTheCurrentOne() {
        User ada = users.add("ada@example.com", Role.USER);
        String path = "/api/v1/users/" + ada.id();
        String next = "another long password";

        assertError(patch(ada, path, "*", Map.of("password", next)), 422, "validation_failed")
                .containsKey("current_password");
        assertError(
                        patch(ada, path, "*", Map.of("password", next, "current_password", "not the password")),
                        403,
                        "forbidden")
                .containsEntry("current_password", "does not match");
        assertThat(patch(ada, path, "*", Map.of("password", next, "current_password", PASSWORD))
                        .getStatus())
                .isEqualTo(200);
        assertThat(users.passwords.get(ada.id())).isEqualTo(next);
    }

    Response post(String path, Map<String, String> body) {
        return resources.target(path).request().post(Entity.json(body));
    }

    Response patch(User caller, String path, String ifMatch, Map<String, String> body) {
        Invocation.Builder request = as(caller, resources.target(path).request());
        if (ifMatch != null) {
            request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        return request.method("PATCH", Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));
    }

    Response delete(User caller, String path) {
        return as(caller, resources.target(path).request())
                .header(HttpHeaders.IF_MATCH, "*")
                .delete();
    }

    Invocation.Builder as(User caller, Invocation.Builder request) {
        String token = tokens.issue(caller.id(), caller.role(), 0).accessToken();
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    static MapAssert<String, String> assertError(Response response, int status, String error) {
        return assertThat(InMemoryApi.errorFields(response, status, error));
    }

    /** Users in a map, versioned as the repository versions them; passwords kept plain for the credential check. */
    static final class InMemoryUsers implements Users, Accounts {
        final TreeMap<UUID, User> byId = new TreeMap<>();
        final Map<UUID, String> passwords = new TreeMap<>();
        final PasswordHasher hasher = new PasswordHasher();

        User add(String email, Role role) {
            User user = new User(UUID.randomUUID(), email, email, role, 1, CLOCK.instant(), CLOCK.instant());
            byId.put(user.id(), user);
            passwords.put(user.id(), PASSWORD);
            return user;
        }

        @Override
        public User register(NewUser request) {
            if (byId.values().stream().anyMatch(u -> u.email().equals(request.email()))) {
                throw new UserWriteRefused.EmailTaken();
            }
            User user = add(request.email(), Role.USER);
            passwords.put(user.id(), request.password());
            return user;
        }

        @Override
        public UsersPage page(Optional<UUID> after, int limit) {
            List<User> rest = new ArrayList<>(
                    after.map(id -> byId.tailMap(id, false)).orElse(byId).values());
            return rest.size() <= limit
                    ? new UsersPage(rest, Optional.empty())
                    : new UsersPage(
                            rest.subList(0, limit),
                            Optional.of(rest.get(limit - 1).id().toString()));
        }

        @Override
        public User update(UUID id, OptionalInt expectedVersion, UserPatch patch) {
            User current = current(id, expectedVersion);
            patch.newPassword().ifPresent(password -> passwords.put(id, password));
            User next = new User(
                    id,
                    current.email(),
                    patch.newName().orElse(current.name()),
                    current.role(),
                    current.version() + 1,
                    current.createdAt(),
                    CLOCK.instant());
            byId.put(id, next);
            return next;
        }

        @Override
        public void delete(UUID id, OptionalInt expectedVersion) {
            current(id, expectedVersion);
            byId.remove(id);
        }

        private User current(UUID id, OptionalInt expectedVersion) {
            User user = byId.get(id);
            if (user == null) {
                throw new UserWriteRefused.NotFound();
            }
            if (expectedVersion.isPresent() && expectedVersion.getAsInt() != user.version()) {
                throw new UserWriteRefused.StaleVersion(user.version());
            }
            return user;
        }

        @Override
        public Optional<Credentials> credentials(String email) {
            return byId.values().stream()
                    .filter(u -> u.email().equals(email))
                    .findFirst()
                    .flatMap(u -> credentials(u.id()));
        }

        @Override
        public Optional<Credentials> credentials(UUID id) {
            return Optional.ofNullable(byId.get(id))
                    .map(u -> new Credentials(u.id(), u.role(), hasher.hash(passwords.get(id)), 0));
        }

        Optional<AccountStanding> standing(UUID id) {
            return Optional.ofNullable(byId.get(id)).map(u -> new AccountStanding(u.role(), 0));
        }
    }
}
