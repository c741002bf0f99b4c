package io.slipway.server;

import io.dropwizard.core.setup.Environment;
import io.slipway.server.auth.AuthSettings;
import io.slipway.server.auth.BearerAuth;
import io.slipway.server.auth.BearerAuthenticator;
import io.slipway.server.auth.CallerStandings;
import io.slipway.server.auth.CredentialCheck;
import io.slipway.server.auth.HashingRefusedMapper;
import io.slipway.server.auth.LoginThrottle;
import io.slipway.server.auth.PasswordHasher;
import io.slipway.server.auth.ReadTurnFilter;
import io.slipway.server.auth.SigningKeys;
import io.slipway.server.auth.TokenResource;
import io.slipway.server.auth.TokenService;
import io.slipway.server.contract.DocsPage;
import io.slipway.server.contract.OpenApiDocument;
import io.slipway.server.contract.OpenApiEndpoint;
import io.slipway.server.errors.ErrorMappers;
import io.slipway.server.http.ClientAddresses;
import io.slipway.server.http.ServletFilters;
import io.slipway.server.http.StrictUtf8Bodies;
import io.slipway.server.observability.Observability;
import io.slipway.server.observability.RouteTemplateListener;
import io.slipway.server.users.BootstrapAdmin;
import io.slipway.server.users.UserCache;
import io.slipway.server.users.UserDocuments;
import io.slipway.server.users.UserReadEndpoint;
import io.slipway.server.users.UserRepository;
import io.slipway.server.users.UserResource;
import io.slipway.server.users.UserWriteRefusedMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users and the ways in: the accounts in the database (cached), the tokens, the callers' standing,
 * the password checks; then, once the HTTP hardening is in front, the API that serves them.
 */
record UserAccounts(
        AuthSettings settings,
        PasswordHasher hasher,
        UserRepository users,
        UserDocuments documents,
        TokenService tokens,
        BearerAuthenticator authenticator,
        CredentialCheck credentials) {

    private static final Logger LOG = LoggerFactory.getLogger(UserAccounts.class);

    static UserAccounts open(
            AuthSettings auth,
            PasswordHasher hasher,
            Jdbi jdbi,
            UserCache cache,
            Environment environment,
            Observability observability) {
        Clock clock = Clock.systemUTC();
        UserRepository users = new UserRepository(jdbi, cache, hasher, clock);
        UserDocuments documents = new UserDocuments(
                cache, users::find, environment.getObjectMapper().writer());
        SigningKeys keys = SigningKeys.of(jwtSecret(auth), auth.getPreviousJwtSecrets());
        LOG.info("signing tokens with JWT key {}; accepting keys {}", keys.currentId(), keys.acceptedIds());
        TokenService tokens = TokenService.from(auth, keys, clock);
        CallerStandings standings = new CallerStandings(
                users::standing,
                Duration.ofMillis(auth.getRevocationCheckInterval().toMilliseconds()),
                System::nanoTime,
                observability
                        .tracing()
                        .traced(environment
                                .lifecycle()
                                .executorService("caller-standings-%d")
                                .minThreads(4)
                                .maxThreads(4)
                                .build()));
        users.onChange(standings::forget);
        CredentialCheck credentials =
                new CredentialCheck(users, hasher, new LoginThrottle(auth.getThrottle(), observability.prometheus()));
        return new UserAccounts(
                auth, hasher, users, documents, tokens, new BearerAuthenticator(tokens, standings), credentials);
    }

    /**
     * The API: reads take turns with hashing, cached user reads are answered before Jersey, the
     * resources, their error mappers, the contract and its docs page; the bootstrap admin created.
     */
    void serve(
            Environment environment,
            Observability observability,
            ClientAddresses addresses,
            BootstrapAdmin bootstrapAdmin,
            boolean docsPage) {
        ServletFilters.add(
                environment,
                "read-turns",
                new ReadTurnFilter(
                        hasher.shares(),
                        Duration.ofMillis(settings.getHashing().getMaxWait().toMilliseconds()),
                        environment.getObjectMapper().writer(),
                        observability.prometheus()));
        ServletFilters.add(
                environment,
                "user-reads",
                new UserReadEndpoint(
                        authenticator, documents, environment.getObjectMapper().writer(), observability.outages()));
        BearerAuth.providers(authenticator).forEach(environment.jersey()::register);
        environment.jersey().register(new RouteTemplateListener());
        environment.jersey().register(addresses);
        environment.jersey().register(new StrictUtf8Bodies());
        ErrorMappers.all(observability.outages()).forEach(environment.jersey()::register);
        environment.jersey().register(new UserWriteRefusedMapper());
        environment.jersey().register(new HashingRefusedMapper());

        bootstrapAdmin
                .createIn(users)
                .ifPresent(admin -> LOG.info("created the bootstrap admin {} (SLIPWAY_ADMIN_EMAIL)", admin.email()));

        environment.jersey().register(new UserResource(users, credentials));
        environment.jersey().register(new TokenResource(credentials, tokens));
        environment
                .jersey()
                .register(new OpenApiEndpoint(() -> OpenApiDocument.of(UserResource.class, TokenResource.class)));
        if (docsPage) {
            environment.servlets().addServlet("docs", new DocsPage()).addMapping(DocsPage.PATH + "/*");
        }
    }

    private static byte[] jwtSecret(AuthSettings auth) {
        if (!auth.getJwtSecret().isEmpty()) {
            return auth.getJwtSecret().getBytes(StandardCharsets.UTF_8);
        }
        byte[] generated = new byte[32];
        new SecureRandom().nextBytes(generated);
        LOG.warn("auth.jwtSecret is empty: generated a random signing key for this process; "
                + "tokens will not survive a restart. Set JWT_SECRET to keep them.");
        return generated;
    }
}
