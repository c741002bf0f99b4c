package io.slipway.server.users;

import io.slipway.server.auth.AccountStanding;
import io.slipway.server.auth.Accounts;
import io.slipway.server.auth.Credentials;
import io.slipway.server.auth.PasswordHasher;
import io.slipway.server.auth.Role;
import io.slipway.server.input.EmailAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Users as stored in the database. Writes go to the database first and then evict the cached
 * document ({@link UserDocuments} serves reads); every write is conditional on the row's version,
 * so an update based on a stale read never silently wins.
 */
public final class UserRepository implements Users, Accounts {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;
    private final UserCache cache;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final List<Consumer<UUID>> changeListeners = new CopyOnWriteArrayList<>();
    /** Emails this pod is registering now (other pods: the unique index decides). */
    private final Set<String> registering = ConcurrentHashMap.newKeySet();

    public UserRepository(Jdbi jdbi, UserCache cache, PasswordHasher hasher, Clock clock) {
        this.jdbi = jdbi;
        this.cache = cache;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Calls {@code listener} with the id of every user whose role, password or existence this process changes. */
    public void onChange(Consumer<UUID> listener) {
        changeListeners.add(listener);
    }

    @Override
    public User register(NewUser request) {
        UUID id = UUID.randomUUID();
        String email = EmailAddress.parse(request.email())
                .normalised()
                .orElseThrow(() -> new IllegalArgumentException("register() takes a validated NewUser"));
        // A taken email, or one another request is registering right now, is a 409 without hashing:
        // that hash could only end in a 409, and it would take a permit a new account needs.
        if (!registering.add(email)) {
            throw new UserWriteRefused.EmailTaken();
        }
        try {
            String hash;
            // The place in the hashing queue first: what cannot be hashed in time costs no query.
            try (PasswordHasher.Reservation reservation = hasher.reserveStore()) {
                if (jdbi.withHandle(h -> UserDao.findByEmail(h, email)).isPresent()) {
                    throw new UserWriteRefused.EmailTaken();
                }
                hash = reservation.hash(request.password());
            }
            Instant now = now();
            try {
                jdbi.useHandle(h -> UserDao.insert(h, id, email, request.name(), hash, Role.USER, now));
            } catch (UnableToExecuteStatementException e) {
                throw isUniqueViolation(e) ? new UserWriteRefused.EmailTaken() : e;
            }
            return new User(id, email, request.name(), Role.USER, 1, now, now);
        } finally {
            registering.remove(email);
        }
    }

    /** Straight from the database. */
    public Optional<User> find(UUID id) {
        return jdbi.withHandle(h -> UserDao.findById(h, id));
    }

    /** The credentials of the user {@code email} names once normalised ({@link EmailAddress}). */
    @Override
    public Optional<Credentials> credentials(String email) {
        String normalised = EmailAddress.normaliseOrKeep(email);
        return jdbi.withHandle(h -> UserDao.findCredentials(h, normalised));
    }

    @Override
    public Optional<Credentials> credentials(UUID id) {
        return jdbi.withHandle(h -> UserDao.findCredentialsById(h, id));
    }

    /** Straight from the database: this is what revocation is checked against. */
    public Optional<AccountStanding> standing(UUID id) {
        return jdbi.withHandle(h -> UserDao.findStanding(h, id));
    }

    /** Up to {@code limit} users after the cursor, in id order. */
    @Override
    public UsersPage page(Optional<UUID> after, int limit) {
        List<User> rows = jdbi.withHandle(h ->
                after.isPresent() ? UserDao.listAfter(h, after.get(), limit + 1) : UserDao.listFirst(h, limit + 1));
        if (rows.size() <= limit) {
            return new UsersPage(rows, Optional.empty());
        }
        List<User> items = rows.subList(0, limit);
        return new UsersPage(
                List.copyOf(items), Optional.of(items.get(limit - 1).id().toString()));
    }

    /**
     * Applies the patch if the user is still at {@code expectedVersion} (any version when empty, as
     * {@code If-Match: *} asks) and returns the new version. One statement: a database that stops
     * answering costs a request one statement's timeout, not one per step.
     *
     * @throws UserWriteRefused when the user is gone or the version is stale
     */
    @Override
    public User update(UUID id, OptionalInt expectedVersion, UserPatch patch) {
        Optional<String> hash = patch.newPassword().map(hasher::hash);
        Optional<User> updated =
                jdbi.withHandle(h -> UserDao.update(h, id, expectedVersion, patch.newName(), hash, now()));
        cache.evict(id);
        if (hash.isPresent()) {
            changed(id);
        }
        return updated.orElseThrow(() -> refused(id));
    }

    /** @throws UserWriteRefused when the user is gone or the version is stale */
    @Override
    public void delete(UUID id, OptionalInt expectedVersion) {
        int deleted = jdbi.withHandle(h -> UserDao.delete(h, id, expectedVersion));
        cache.evict(id);
        changed(id);
        if (deleted == 0) {
            throw refused(id);
        }
    }

    /** Creates the user as an admin unless an account has the email; the admin created, if any. */
    public Optional<User> createAdminIfAbsent(String email, String name, String password) {
        String normalised = normalisedAdminEmail(email);
        if (jdbi.withHandle(h -> UserDao.findByEmail(h, normalised)).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(createOrPromoteAdmin(normalised, name, password));
    }

    /** Creates the user as an admin, or makes an existing user admin with the given password. */
    public User createOrPromoteAdmin(String email, String name, String password) {
        String normalised = normalisedAdminEmail(email);
        String hash = hasher.hash(password);
        User admin = jdbi.inTransaction(h -> {
            Optional<User> existing = UserDao.findByEmail(h, normalised);
            UUID id = existing.map(User::id).orElseGet(UUID::randomUUID);
            if (existing.isPresent()) {
                UserDao.setRoleAndPassword(h, id, Role.ADMIN, hash, now());
            } else {
                UserDao.insert(h, id, normalised, name, hash, Role.ADMIN, now());
            }
            return UserDao.findById(h, id).orElseThrow();
        });
        cache.evict(admin.id());
        changed(admin.id());
        return admin;
    }

    private static String normalisedAdminEmail(String email) {
        EmailAddress.Parsed parsed = EmailAddress.parse(email);
        return parsed.normalised()
                .orElseThrow(() -> new IllegalArgumentException(
                        "admin email " + email + ": " + parsed.problem().orElse("is not an email address")));
    }

    private void changed(UUID id) {
        changeListeners.forEach(listener -> listener.accept(id));
    }

    /** Why a conditional write changed no row: the user is gone, or at another version than expected. */
    private UserWriteRefused refused(UUID id) {
        return find(id).<UserWriteRefused>map(now -> new UserWriteRefused.StaleVersion(now.version()))
                .orElseGet(UserWriteRefused.NotFound::new);
    }

    private static boolean isUniqueViolation(UnableToExecuteStatementException e) {
        return e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState());
    }

    /** Microsecond precision, which both PostgreSQL and H2 store exactly. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
