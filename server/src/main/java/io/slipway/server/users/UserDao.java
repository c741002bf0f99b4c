package io.slipway.server.users;

import io.slipway.server.auth.AccountStanding;
import io.slipway.server.auth.Credentials;
import io.slipway.server.auth.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

/**
 * SQL for the {@code users} table, portable between PostgreSQL and H2 in PostgreSQL mode.
 *
 * <p>Plain statements on a handle with fixed row mappers: a read is one prepared statement and one
 * row copied into a record. (A JDBI SqlObject bound on demand re-resolved its configuration,
 * annotations and constructor mapper on every call, about ten times the cost of the query.)
 */
final class UserDao {

    private static final String COLUMNS = "id, email, name, role, version, created_at, updated_at";

    private static final RowMapper<User> USER = (rs, ctx) -> new User(
            rs.getObject("id", UUID.class),
            rs.getString("email"),
            rs.getString("name"),
            role(rs),
            rs.getInt("version"),
            instant(rs, "created_at"),
            instant(rs, "updated_at"));
    private static final RowMapper<Credentials> CREDENTIALS = (rs, ctx) -> new Credentials(
            rs.getObject("id", UUID.class), role(rs), rs.getString("password_hash"), rs.getInt("token_generation"));
    private static final RowMapper<AccountStanding> STANDING =
            (rs, ctx) -> new AccountStanding(role(rs), rs.getInt("token_generation"));

    private UserDao() {}

    static void insert(Handle h, UUID id, String email, String name, String passwordHash, Role role, Instant now) {
        h.createUpdate("INSERT INTO users (id, email, name, password_hash, role, version, created_at, updated_at) "
                        + "VALUES (:id, :email, :name, :passwordHash, :role, 1, :now, :now)")
                .bind("id", id)
                .bind("email", email)
                .bind("name", name)
                .bind("passwordHash", passwordHash)
                .bind("role", role.name())
                .bind("now", now)
                .execute();
    }

    static Optional<User> findById(Handle h, UUID id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id)
                .map(USER)
                .findOne();
    }

    static Optional<User> findByEmail(Handle h, String email) {
        return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE email = :email")
                .bind("email", email)
                .map(USER)
                .findOne();
    }

    static Optional<Credentials> findCredentials(Handle h, String email) {
        return h.createQuery("SELECT id, role, password_hash, token_generation FROM users WHERE email = :email")
                .bind("email", email)
                .map(CREDENTIALS)
                .findOne();
    }

    static Optional<Credentials> findCredentialsById(Handle h, UUID id) {
        return h.createQuery("SELECT id, role, password_hash, token_generation FROM users WHERE id = :id")
                .bind("id", id)
                .map(CREDENTIALS)
                .findOne();
    }

    static Optional<AccountStanding> findStanding(Handle h, UUID id) {
        return h.createQuery("SELECT role, token_generation FROM users WHERE id = :id")
                .bind("id", id)
                .map(STANDING)
                .findOne();
    }

    static List<User> listFirst(Handle h, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM users ORDER BY id LIMIT :limit")
                .bind("limit", limit)
                .map(USER)
                .list();
    }

    static List<User> listAfter(Handle h, UUID after, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id > :after ORDER BY id LIMIT :limit")
                .bind("after", after)
                .bind("limit", limit)
                .map(USER)
                .list();
    }

    /**
     * Changes the user unless {@code version} is given and the row has another; the row as written,
     * or empty when nothing matched. A new password ({@code passwordHash} present) also moves the
     * token generation, ending every token issued before.
     */
    static Optional<User> update(
            Handle h, UUID id, OptionalInt version, Optional<String> name, Optional<String> passwordHash, Instant now) {
        return atVersion(
                        h,
                        "UPDATE users SET name = COALESCE(:name, name), "
                                + "password_hash = COALESCE(:passwordHash, password_hash), "
                                + "token_generation = token_generation + :revokeTokens, "
                                + "version = version + 1, updated_at = :now WHERE id = :id",
                        version)
                .bind("id", id)
                .bind("name", name.orElse(null))
                .bind("passwordHash", passwordHash.orElse(null))
                .bind("revokeTokens", passwordHash.isPresent() ? 1 : 0)
                .bind("now", now)
                .executeAndReturnGeneratedKeys(COLUMNS.split(", "))
                .map(USER)
                .findOne();
    }

    static int setRoleAndPassword(Handle h, UUID id, Role role, String passwordHash, Instant now) {
        return h.createUpdate("UPDATE users SET role = :role, password_hash = :passwordHash, version = version + 1, "
                        + "token_generation = token_generation + 1, updated_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("role", role.name())
                .bind("passwordHash", passwordHash)
                .bind("now", now)
                .execute();
    }

    static int delete(Handle h, UUID id, OptionalInt version) {
        return atVersion(h, "DELETE FROM users WHERE id = :id", version)
                .bind("id", id)
                .execute();
    }

    /**
     * {@code write} (ending in its WHERE clause) limited to the row at {@code version}; without one it
     * is {@code If-Match: *}, a write to whatever version is current.
     */
    private static Update atVersion(Handle h, String write, OptionalInt version) {
        return version.isPresent()
                ? h.createUpdate(write + " AND version = :version").bind("version", version.getAsInt())
                : h.createUpdate(write);
    }

    private static Role role(ResultSet rs) throws SQLException {
        return Role.valueOf(rs.getString("role"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
