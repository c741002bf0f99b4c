package io.slipway.server.users;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for the {@code users} table; portable between PostgreSQL and H2 in PostgreSQL mode. */
@RegisterConstructorMapper(User.class)
@RegisterConstructorMapper(Credentials.class)
@RegisterConstructorMapper(AccountStanding.class)
public interface UserDao {

    String COLUMNS = "id, email, name, role, version, created_at, updated_at";

    @SqlUpdate("INSERT INTO users (id, email, name, password_hash, role, version, created_at, updated_at) "
            + "VALUES (:id, :email, :name, :passwordHash, :role, 1, :now, :now)")
    void insert(UUID id, String email, String name, String passwordHash, Role role, Instant now);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
    Optional<User> findById(UUID id);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE email = :email")
    Optional<User> findByEmail(String email);

    @SqlQuery("SELECT id, role, password_hash, token_generation FROM users WHERE email = :email")
    Optional<Credentials> findCredentials(String email);

    @SqlQuery("SELECT id, role, password_hash, token_generation FROM users WHERE id = :id")
    Optional<Credentials> findCredentialsById(UUID id);

    @SqlQuery("SELECT role, token_generation FROM users WHERE id = :id")
    Optional<AccountStanding> findStanding(UUID id);

    @SqlQuery("SELECT " + COLUMNS + " FROM users ORDER BY id LIMIT :limit")
    List<User> listFirst(int limit);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id > :after ORDER BY id LIMIT :limit")
    List<User> listAfter(UUID after, int limit);

    /**
     * Optimistic update: changes nothing unless the row still has {@code version}. A new password
     * also moves the token generation ({@code revokeTokens} 1), ending every token issued before.
     */
    @SqlUpdate("UPDATE users SET name = COALESCE(:name, name), "
            + "password_hash = COALESCE(:passwordHash, password_hash), "
            + "token_generation = token_generation + :revokeTokens, "
            + "version = version + 1, updated_at = :now WHERE id = :id AND version = :version")
    int update(@Bind("id") UUID id, @Bind("version") int version, @Bind("name") String name,
               @Bind("passwordHash") String passwordHash, @Bind("revokeTokens") int revokeTokens, @Bind("now") Instant now);

    @SqlUpdate("UPDATE users SET role = :role, password_hash = :passwordHash, version = version + 1, "
            + "token_generation = token_generation + 1, updated_at = :now WHERE id = :id")
    int setRoleAndPassword(UUID id, Role role, String passwordHash, Instant now);

    @SqlUpdate("DELETE FROM users WHERE id = :id AND version = :version")
    int delete(UUID id, int version);
}
