package io.slipway.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.jsontype.SubtypeResolver;
import com.fasterxml.jackson.datatype.guava.GuavaModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.PooledDataSourceFactory;
import io.dropwizard.jackson.AnnotationSensitivePropertyNamingStrategy;
import io.dropwizard.jackson.CaffeineModule;
import io.dropwizard.jackson.FuzzyEnumModule;
import io.dropwizard.jackson.GuavaExtrasModule;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.migrations.MigrationsBundle;
import io.dropwizard.util.JarLocation;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slipway.server.auth.AuthSettings;
import io.slipway.server.auth.BearerAuth;
import io.slipway.server.auth.BearerAuthenticator;
import io.slipway.server.auth.CallerStandings;
import io.slipway.server.auth.CredentialCheck;
import io.slipway.server.auth.HashingWarmUp;
import io.slipway.server.auth.LoginThrottle;
import io.slipway.server.auth.PasswordHasher;
import io.slipway.server.auth.ReadTurnFilter;
import io.slipway.server.auth.SigningKeys;
import io.slipway.server.auth.TokenResource;
import io.slipway.server.auth.TokenService;
import io.slipway.server.cache.NearCache;
import io.slipway.server.cache.RedisConnection;
import io.slipway.server.cache.RedisHealthCheck;
import io.slipway.server.cache.RedisSettings;
import io.slipway.server.contract.DocsPage;
import io.slipway.server.contract.OpenApiDocument;
import io.slipway.server.contract.OpenApiEndpoint;
import io.slipway.server.database.DatabaseVerifyCommand;
import io.slipway.server.database.SchemaMigrations;
import io.slipway.server.database.StatementPolicy;
import io.slipway.server.errors.ErrorMappers;
import io.slipway.server.errors.JettyErrorPages;
import io.slipway.server.health.DependencyOutages;
import io.slipway.server.health.FirstContact;
import io.slipway.server.http.AdminAllowlist;
import io.slipway.server.http.ClientAddresses;
import io.slipway.server.http.CrossOrigin;
import io.slipway.server.http.RequestBodies;
import io.slipway.server.http.RequestBodyLimitFilter;
import io.slipway.server.http.StrictUtf8Bodies;
import io.slipway.server.observability.BuildInfo;
import io.slipway.server.observability.HttpServerMetrics;
import io.slipway.server.observability.PrometheusEndpoint;
import io.slipway.server.observability.RequestIdFilter;
import io.slipway.server.observability.RequestObservationFilter;
import io.slipway.server.observability.RouteTemplateListener;
import io.slipway.server.observability.tracing.ServerSpans;
import io.slipway.server.observability.tracing.Tracing;
import io.slipway.server.ratelimit.RateLimitFilter;
import io.slipway.server.ratelimit.RateLimiter;
import io.slipway.server.users.RedisUserCache;
import io.slipway.server.users.UserCache;
import io.slipway.server.users.UserDocument;
import io.slipway.server.users.UserDocuments;
import io.slipway.server.users.UserReadEndpoint;
import io.slipway.server.users.UserRepository;
import io.slipway.server.users.UserResource;
import io.slipway.server.users.UserWriteRefusedMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the Slipway API server together; behaviour lives in the feature packages. */
public class SlipwayApplication extends Application<SlipwayConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(SlipwayApplication.class);

    /** Where operator commands read a password from and print their result. */
    private final InputStream stdin;

    private final PrintStream stdout;

    public SlipwayApplication() {
        this(System.in, System.out);
    }

    /** An application whose operator commands use these streams instead of the process's. */
    public SlipwayApplication(InputStream stdin, PrintStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
    }

    public static void main(String[] args) throws Exception {
        new SlipwayApplication().run(args);
    }

    /**
     * Dropwizard's {@code Application.run} without {@code Bootstrap.registerMetrics()}: that adds
     * Dropwizard's JVM gauges and a JMX reporter, and creating the platform MBean server for them
     * was about 8 % of the main thread's startup. The JVM series come from Prometheus' own
     * collectors ({@link PrometheusEndpoint}) and no JMX connector is ever opened.
     */
    @Override
    public void run(String... arguments) throws Exception {
        runCommandLine(System.out, System.err, arguments).ifPresent(this::onFatalError);
    }

    /**
     * Runs a command line and returns its failure, if any, reported on {@code err} as one line per
     * problem ({@link OperatorErrors}) instead of Dropwizard's stack trace or whole usage text.
     */
    public Optional<Throwable> runCommandLine(PrintStream out, PrintStream err, String... arguments) {
        Bootstrap<SlipwayConfiguration> bootstrap = new Bootstrap<>(this);
        addDefaultCommands(bootstrap);
        initialize(bootstrap);
        // Dropwizard's Cli writes only failures to its stderr: a trace or the usage, both replaced here.
        PrintStream discarded = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Optional<Throwable> failure = new Cli(new JarLocation(getClass()), bootstrap, out, discarded).run(arguments);
        failure.ifPresent(e -> OperatorErrors.print(e, err));
        return failure;
    }

    @Override
    public String getName() {
        return "slipway";
    }

    @Override
    public void initialize(Bootstrap<SlipwayConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(
                EmbeddedDefaultConfigurationFactory.withEnvironment(bootstrap.getConfigurationSourceProvider()));
        bootstrap.setConfigurationFactoryFactory(EmbeddedDefaultConfigurationFactory::new);
        bootstrap.setObjectMapper(objectMapper(bootstrap.getObjectMapper().getSubtypeResolver()));
        MigrationsBundle<SlipwayConfiguration> migrations = new MigrationsBundle<>() {
            @Override
            public PooledDataSourceFactory getDataSourceFactory(SlipwayConfiguration configuration) {
                return configuration.getDatabase();
            }
        };
        bootstrap.addBundle(migrations);
        bootstrap.addCommand(new CreateAdminCommand(stdin, stdout));
        bootstrap.addCommand(new DatabaseVerifyCommand(migrations, stdout));
    }

    @Override
    public void run(SlipwayConfiguration configuration, Environment environment) throws IOException {
        Clock clock = Clock.systemUTC();
        DependencyOutages outages = new DependencyOutages(
                environment.healthChecks(),
                environment
                        .lifecycle()
                        .scheduledExecutorService("dependency-outages")
                        .build(),
                System::nanoTime);
        environment.health().addHealthStateListener(outages);
        environment.lifecycle().addServerLifecycleListener(server -> outages.serving());
        PrometheusRegistry prometheus = PrometheusEndpoint.install(environment);
        BuildInfo.register(prometheus, configuration.getRelease());
        RequestBodies.beStrict(environment.getObjectMapper());
        AuthSettings auth = configuration.getAuth();
        PasswordHasher hasher = new PasswordHasher(auth.getHashing(), prometheus);
        // Warms while the rest starts, on the other core; the ports open once it is done.
        environment.lifecycle().manage(HashingWarmUp.begin(hasher));

        Tracing tracing = Tracing.from(configuration.getTracing(), configuration.getRelease());
        environment.lifecycle().manage(tracing);
        ManagedDataSource dataSource =
                tracing.traced(configuration.getDatabase().build(environment.metrics(), "database"));
        Jdbi jdbi = new JdbiFactory().build(environment, configuration.getDatabase(), dataSource, "database");
        StatementPolicy.applyTo(jdbi);
        environment
                .healthChecks()
                .register("database-reached", new FirstContact(environment.healthChecks(), "database"));
        if (configuration.getDatabase().isMigrateOnStart()) {
            SchemaMigrations.apply(dataSource);
        }

        Optional<RedisConnection> redis =
                configuration.getRedis().uri().map(uri -> new RedisConnection(uri, configuration.getRedis(), tracing));
        redis.ifPresent(environment.lifecycle()::manage);
        environment.healthChecks().register("redis", new RedisHealthCheck(redis));
        UserCache cache = redis.map(r -> userCache(r, configuration.getRedis(), environment, prometheus, outages))
                .orElse(UserCache.DISABLED);

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
                tracing.traced(environment
                        .lifecycle()
                        .executorService("caller-standings-%d")
                        .minThreads(4)
                        .maxThreads(4)
                        .build()));
        users.onChange(standings::forget);
        CredentialCheck credentials =
                new CredentialCheck(users, hasher, new LoginThrottle(auth.getThrottle(), prometheus));

        addFilter(environment, "request-id", new RequestIdFilter());
        addFilter(
                environment,
                "request-observation",
                new RequestObservationFilter(new HttpServerMetrics(prometheus), new ServerSpans(tracing)));
        ClientAddresses addresses = new ClientAddresses(configuration.getHttp().getTrustedProxyHops());
        RateLimiter limiter = new RateLimiter(
                configuration.getRateLimits(),
                redis.map(RedisConnection::client),
                outages,
                prometheus,
                System::nanoTime);
        addFilter(
                environment,
                "rate-limit",
                new RateLimitFilter(
                        limiter,
                        tokens,
                        addresses,
                        environment.getObjectMapper().writer()));
        addFilter(
                environment,
                "request-body-limit",
                new RequestBodyLimitFilter(
                        configuration.getHttp().getMaxRequestBody().toBytes(), environment.getObjectMapper()));
        CrossOrigin.install(environment, configuration.getHttp().corsOriginList());
        environment
                .admin()
                .addFilter("admin-allowlist", new AdminAllowlist(environment.getObjectMapper()))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        installErrorPages(environment);

        addFilter(
                environment,
                "read-turns",
                new ReadTurnFilter(
                        hasher.shares(),
                        Duration.ofMillis(auth.getHashing().getMaxWait().toMilliseconds()),
                        environment.getObjectMapper().writer(),
                        prometheus));
        BearerAuthenticator authenticator = new BearerAuthenticator(tokens, standings);
        addFilter(
                environment,
                "user-reads",
                new UserReadEndpoint(
                        authenticator, documents, environment.getObjectMapper().writer(), outages));
        BearerAuth.providers(authenticator).forEach(environment.jersey()::register);
        environment.jersey().register(new RouteTemplateListener());
        environment.jersey().register(addresses);
        environment.jersey().register(new StrictUtf8Bodies());
        ErrorMappers.all(outages).forEach(environment.jersey()::register);
        environment.jersey().register(new UserWriteRefusedMapper());

        configuration
                .getBootstrapAdmin()
                .createIn(users)
                .ifPresent(admin -> LOG.info("created the bootstrap admin {} (SLIPWAY_ADMIN_EMAIL)", admin.email()));
        environment.lifecycle().addServerLifecycleListener(ListeningAddresses::log);

        environment.jersey().register(new UserResource(users, credentials));
        environment.jersey().register(new TokenResource(credentials, tokens));
        environment
                .jersey()
                .register(new OpenApiEndpoint(() -> OpenApiDocument.of(UserResource.class, TokenResource.class)));
        if (configuration.getHttp().isDocsPage()) {
            environment.servlets().addServlet("docs", new DocsPage()).addMapping(DocsPage.PATH + "/*");
        }
    }

    /**
     * Dropwizard's mapper minus its Blackbird module: Blackbird spins a lambda class for every
     * property of every type it meets, about a tenth of the main thread's startup for the
     * configuration tree alone, to speed up binding that the hot path does not do (cached reads
     * are served as stored bytes; only small write bodies are bound).
     */
    public static ObjectMapper objectMapper(SubtypeResolver discoveredSubtypes) {
        return new ObjectMapper()
                .registerModules(
                        new GuavaModule(),
                        new GuavaExtrasModule(),
                        new CaffeineModule(),
                        new FuzzyEnumModule(),
                        new ParameterNamesModule(),
                        new Jdk8Module(),
                        new JavaTimeModule())
                .setPropertyNamingStrategy(new AnnotationSensitivePropertyNamingStrategy())
                .setSubtypeResolver(discoveredSubtypes)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Jetty's own error responses, on both connectors and for requests it could not parse, as JSON. */
    private static void installErrorPages(Environment environment) {
        ErrorHandler json = JettyErrorPages.of(environment.getObjectMapper());
        environment.getApplicationContext().setErrorHandler(json);
        environment.getAdminContext().setErrorHandler(json);
        environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(json));
    }

    /** Users in Redis, with the near cache in front of it unless its size is 0. */
    private static UserCache userCache(
            RedisConnection redis,
            RedisSettings settings,
            Environment environment,
            PrometheusRegistry prometheus,
            DependencyOutages outages) {
        NearCache<UUID, UserDocument> near = RedisUserCache.nearCache(
                redis,
                settings.getNearCacheSize(),
                Duration.ofSeconds(settings.getTtl().toSeconds()));
        if (settings.getNearCacheSize() > 0) {
            environment.lifecycle().manage(near); // never started, it keeps nothing
        }
        return new RedisUserCache(redis.client(), near, settings.getTtl().toSeconds(), prometheus, outages);
    }

    private static void addFilter(Environment environment, String name, Filter filter) {
        environment
                .servlets()
                .addFilter(name, filter)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
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
