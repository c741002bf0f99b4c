package io.slipway.server;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import io.slipway.server.auth.PasswordHasher;
import io.slipway.server.database.StatementPolicy;
import io.slipway.server.users.PasswordPolicy;
import io.slipway.server.users.User;
import io.slipway.server.users.UserCache;
import io.slipway.server.users.UserRepository;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code create-admin --email E [--name N] [config.yml]}: creates an admin, or promotes an existing
 * user. The password comes from {@value #PASSWORD_VARIABLE} or, when unset, the first line of stdin,
 * never from the command line (where {@code ps} and shell history would see it).
 */
public final class CreateAdminCommand extends ConfiguredCommand<SlipwayConfiguration> {

    static final String PASSWORD_VARIABLE = "SLIPWAY_ADMIN_PASSWORD";

    private final InputStream stdin;
    private final PrintStream stdout;
    private final Map<String, String> environment;

    /** A command reading the password from {@code environment}'s {@value #PASSWORD_VARIABLE}, else {@code stdin}. */
    public CreateAdminCommand(InputStream stdin, PrintStream stdout, Map<String, String> environment) {
        super("create-admin", "Create an admin user, or promote an existing user to admin");
        this.stdin = stdin;
        this.stdout = stdout;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--email").required(true).help("the admin's email");
        subparser.addArgument("--name").setDefault("Administrator").help("display name for a new user");
    }

    @Override
    protected void run(
            Bootstrap<SlipwayConfiguration> bootstrap, Namespace namespace, SlipwayConfiguration configuration)
            throws Exception {
        if (configuration.isInMemoryDatabase()) {
            throw new IllegalArgumentException("create-admin: the embedded default's database lives inside the server"
                    + " process, where no other command can reach it; start the server with SLIPWAY_ADMIN_EMAIL and "
                    + PASSWORD_VARIABLE + " set and it creates that admin, or give create-admin the configuration file"
                    + " of a server on PostgreSQL");
        }
        String email = namespace.getString("email");
        String password = readPassword();
        Optional<String> refused = PasswordPolicy.problem(password);
        if (refused.isPresent()) {
            throw new IllegalArgumentException(
                    "create-admin: password " + refused.get() + " (from " + PASSWORD_VARIABLE + " or stdin)");
        }
        ManagedDataSource dataSource = configuration.getDatabase().build(bootstrap.getMetricRegistry(), "create-admin");
        dataSource.start();
        try {
            Jdbi jdbi = StatementPolicy.applyTo(Jdbi.create(dataSource));
            if (!hasUsersTable(jdbi)) {
                throw new IllegalArgumentException(
                        "create-admin: the database has no users table yet; run 'db migrate' with the same"
                                + " configuration file first");
            }
            User admin = new UserRepository(jdbi, UserCache.DISABLED, new PasswordHasher(), Clock.systemUTC())
                    .createOrPromoteAdmin(email, namespace.getString("name"), password);
            stdout.println("admin " + admin.email() + " id=" + admin.id() + " version=" + admin.version());
        } finally {
            dataSource.stop();
        }
    }

    private static boolean hasUsersTable(Jdbi jdbi) {
        return jdbi.withHandle(
                        h -> h.createQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'users'")
                                .mapTo(Integer.class)
                                .one())
                > 0;
    }

    private String readPassword() throws Exception {
        String fromEnvironment = environment.get(PASSWORD_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        String line = lines.readLine();
        return line == null ? "" : line;
    }
}
