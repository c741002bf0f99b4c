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
import io.dropwizard.db.PooledDataSourceFactory;
import io.dropwizard.jackson.AnnotationSensitivePropertyNamingStrategy;
import io.dropwizard.jackson.CaffeineModule;
import io.dropwizard.jackson.FuzzyEnumModule;
import io.dropwizard.jackson.GuavaExtrasModule;
import io.dropwizard.migrations.MigrationsBundle;
import io.dropwizard.util.JarLocation;
import io.slipway.server.auth.HashingWarmUp;
import io.slipway.server.auth.PasswordHasher;
import io.slipway.server.cache.Caches;
import io.slipway.server.database.Database;
import io.slipway.server.database.DatabaseVerifyCommand;
import io.slipway.server.http.ClientAddresses;
import io.slipway.server.http.HttpHardening;
import io.slipway.server.http.RequestBodies;
import io.slipway.server.observability.Observability;
import io.slipway.server.observability.PrometheusEndpoint;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Wires the Slipway API server together; behaviour lives in the feature packages. */
public class SlipwayApplication extends Application<SlipwayConfiguration> {

    /** Where operator commands read a password from and print their result. */
    private final InputStream stdin;

    private final PrintStream stdout;

    /** The variables operator commands read (create-admin's password). */
    private final Map<String, String> variables;

    public SlipwayApplication() {
        this(System.in, System.out);
    }

    /** An application whose operator commands use these streams instead of the process's. */
    public SlipwayApplication(InputStream stdin, PrintStream stdout) {
        this(stdin, stdout, System.getenv());
    }

    /** As {@link #SlipwayApplication(InputStream, PrintStream)}, with these variables instead of the process's. */
    public SlipwayApplication(InputStream stdin, PrintStream stdout, Map<String, String> variables) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.variables = Map.copyOf(variables);
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
        bootstrap.addCommand(new CreateAdminCommand(stdin, stdout, variables));
        bootstrap.addCommand(new DatabaseVerifyCommand(migrations, stdout));
    }

    /** Wiring only, feature by feature; the order is the order requests meet the filters. */
    @Override
    public void run(SlipwayConfiguration configuration, Environment environment) {
        Observability observability =
                Observability.install(environment, configuration.getRelease(), configuration.getTracing());
        RequestBodies.beStrict(environment.getObjectMapper());
        PasswordHasher hasher = new PasswordHasher(configuration.getAuth().getHashing(), observability.prometheus());
        // Warms while the rest starts, on the other core; the ports open once it is done.
        environment.lifecycle().manage(HashingWarmUp.begin(hasher));
        Jdbi jdbi = Database.install(configuration.getDatabase(), environment, observability.tracing());
        Caches caches = Caches.install(configuration.getRedis(), environment, observability);
        UserAccounts accounts =
                UserAccounts.open(configuration.getAuth(), hasher, jdbi, caches.users(), environment, observability);
        ClientAddresses addresses = HttpHardening.install(
                configuration.getHttp(),
                configuration.getRateLimits(),
                environment,
                observability,
                caches.redis(),
                accounts.tokens());
        accounts.serve(
                environment,
                observability,
                addresses,
                configuration.getBootstrapAdmin(),
                configuration.getHttp().isDocsPage());
        environment.lifecycle().addServerLifecycleListener(ListeningAddresses::log);
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
}
