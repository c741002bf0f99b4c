package io.slipway.server.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.server.auth.PasswordHasher;
import io.slipway.server.auth.Role;
import io.slipway.server.database.SchemaMigrations;
import io.slipway.server.database.StatementPolicy;
import io.slipway.server.support.PostgresServer;
import io.slipway.server.support.RealParts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The repository against one real PostgreSQL with the production schema, as dropwizard-example
 * tests its DAOs: what the SQL and the constraints decide (normalised unique emails, versioned
 * writes, cursor paging, the standing revocation reads), without HTTP.
 */
@RealParts
class UserRepositoryTest {

    static final String PASSWORD = "correct horse battery";
    static UserRepository users;

    @BeforeAll
    static void schema() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(PostgresServer.sharedDatabase("repository").jdbcUrl());
        dataSource.setUser("postgres");
        dataSource.setPassword("postgres");
        SchemaMigrations.apply(dataSource);
        users = new UserRepository(
                StatementPolicy.applyTo(Jdbi.create(dataSource)),
                UserCache.DISABLED,
                new PasswordHasher(),
                Clock.systemUTC());
    }

    static UserRepository embedded() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:repository-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        SchemaMigrations.apply(dataSource);
        return new UserRepository(
                StatementPolicy.applyTo(Jdbi.create(dataSource)),
                UserCache.DISABLED,
                new PasswordHasher(),
                Clock.systemUTC());
    }

    static User registered(String email) {
        return users.register(new NewUser(email, "Someone", PASSWORD));
    }

    static String unique(String local) {
        return local + "-" + UUID.randomUUID() + "@Example.COM";
    }

    @Test
    void anEmailIsTakenWhateverItsCase() {
        String email = unique("Case");
        User user = registered(email);
        assertThat(user.email()).isEqualTo(email.toLowerCase(Locale.ROOT));
        assertThat(users.find(user.id())).contains(user);
        assertThatThrownBy(() -> registered(email.toUpperCase(Locale.ROOT)))
                .isInstanceOf(UserWriteRefused.EmailTaken.class);
        assertThat(users.credentials(email.toUpperCase(Locale.ROOT)))
                .map(credentials -> credentials.id())
                .contains(user.id());
    }

    /** Also on the embedded default's H2, whose UPDATE ... RETURNING goes through JDBC's generated keys. */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void writesNameTheVersionTheyChange(String database) {
        UserRepository users = database.equals("h2") ? embedded() : UserRepositoryTest.users;
        User user = users.register(new NewUser(unique("versioned"), "Someone", PASSWORD));
        User renamed = users.update(user.id(), OptionalInt.of(1), new UserPatch("Renamed", null, null));
        assertThat(renamed.version()).isEqualTo(2);
        assertThat(users.find(user.id()).map(User::name)).contains("Renamed");

        assertThatThrownBy(() -> users.update(user.id(), OptionalInt.of(1), new UserPatch("Lost", null, null)))
                .isInstanceOf(UserWriteRefused.StaleVersion.class);
        assertThatThrownBy(() -> users.delete(user.id(), OptionalInt.of(1)))
                .isInstanceOf(UserWriteRefused.StaleVersion.class);
        assertThat(users.find(user.id())).isPresent();

        User anyVersion = users.update(user.id(), OptionalInt.empty(), new UserPatch("Any", null, null));
        assertThat(anyVersion.version()).isEqualTo(3);
        assertThat(anyVersion.name()).isEqualTo("Any");
        assertThat(users.find(user.id())).contains(anyVersion);

        users.delete(user.id(), OptionalInt.of(3));
        assertThat(users.find(user.id())).isEmpty();
        assertThatThrownBy(() -> users.delete(user.id(), OptionalInt.empty()))
                .isInstanceOf(UserWriteRefused.NotFound.class);
        assertThatThrownBy(() -> users.update(UUID.randomUUID(), OptionalInt.empty(), new UserPatch("x", null, null)))
                .isInstanceOf(UserWriteRefused.NotFound.class);
    }

    @Test
    void theCursorWalksEveryUserOnce() {
        List<UUID> registered = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            registered.add(registered(unique("paged")).id());
        }
        List<UUID> seen = new ArrayList<>();
        Optional<UUID> cursor = Optional.empty();
        do {
            UsersPage page = users.page(cursor, 3);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            page.items().forEach(user -> seen.add(user.id()));
            cursor = page.nextCursor().map(UUID::fromString);
        } while (cursor.isPresent());
        assertThat(seen).doesNotHaveDuplicates().containsAll(registered);
    }

    @Test
    void promotionToAdminChangesTheStandingRevocationReads() {
        User user = registered(unique("promoted"));
        assertThat(users.standing(user.id()).map(standing -> standing.role())).contains(Role.USER);
        int generation = users.standing(user.id()).orElseThrow().tokenGeneration();
        List<UUID> changed = new ArrayList<>();
        users.onChange(changed::add);

        User admin = users.createOrPromoteAdmin(user.email(), "ignored for an existing user", "another long password");
        assertThat(admin.id()).isEqualTo(user.id());
        assertThat(users.standing(user.id()).orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(users.standing(user.id()).orElseThrow().tokenGeneration()).isGreaterThan(generation);
        assertThat(changed).containsExactly(user.id());
        assertThat(users.standing(UUID.randomUUID())).isEmpty();
    }
}
