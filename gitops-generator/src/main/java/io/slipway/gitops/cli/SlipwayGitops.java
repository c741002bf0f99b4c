package io.slipway.gitops.cli;

import io.slipway.gitops.GeneratorVersion;
import io.slipway.gitops.Secrets;
import io.slipway.gitops.failure.ExitCode;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code slipway-gitops} command line. Errors are one line each on stderr; see {@link ExitCode}.
 * Everything it prints passes {@link SafeOutput}; a command ends within its {@link CommandDeadline}.
 */
@Command(
        name = SlipwayGitops.NAME,
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayGitops.Version.class,
        description = "Render, validate, diff and publish Slipway's Kubernetes manifests per environment.",
        subcommands = CommandLine.HelpCommand.class)
public final class SlipwayGitops implements Runnable {

    /** The command's name, as its launcher is called. */
    static final String NAME = "slipway-gitops";

    /** The subcommands, in the order help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(
            RenderCommand.class,
            ValidateCommand.class,
            DiffCommand.class,
            PublishCommand.class,
            PromoteCommand.class,
            ReconfigureCommand.class,
            RollbackCommand.class,
            StatusCommand.class,
            VerifyCommand.class,
            WatchCommand.class);

    /**
     * A default read from the command line's environment, written {@code $${env:NAME:-fallback}} in an
     * option: picocli's interpolation (on, for its help texts) turns {@code $$} into a literal {@code $}
     * and leaves the lookup to {@link #defaultFromEnvironment}, which reads the given environment, not the process's.
     */
    private static final Pattern FROM_ENVIRONMENT = Pattern.compile("\\$\\{env:(\\w+):-(.*)}");

    /** {@code --version}: the version the build wrote. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"slipway gitops-generator " + GeneratorVersion.number()};
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line on stdout and stderr and returns its exit code, without exiting. */
    public static int run(String... args) {
        return run(
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                args);
    }

    /**
     * Runs a command line and returns its exit code, without exiting: the entry point for tests and
     * scripts, which read what it printed from {@code out} and {@code err}.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.getenv(), args);
    }

    /**
     * As {@link #run(PrintWriter, PrintWriter, String...)}, reading credentials, signing keys and tokens
     * from {@code environment} instead of the process's variables.
     */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, String... args) {
        CommandLine commandLine = commandLine(environment, args.length > 0 ? args[0] : "");
        // Everything printed passes one filter: credentials masked, control characters shown, not obeyed.
        Secrets secrets = Secrets.of(environment);
        PrintWriter safeOut = SafeOutput.wrap(out, secrets);
        PrintWriter safeErr = SafeOutput.wrap(err, secrets);
        commandLine
                .setOut(safeOut)
                .setErr(safeErr)
                // No @file arguments: an argument taken from an MR title could read /proc/self/environ.
                .setExpandAtFiles(false)
                .setParameterExceptionHandler(SlipwayGitops::usageError)
                .setExitCodeExceptionMapper(new FailureReport())
                .setExecutionExceptionHandler(new FailureReport());
        try {
            return CommandDeadline.from(environment, args.length > 0 ? args[0] : "")
                    .run(() -> commandLine.execute(args), args, safeErr);
        } finally {
            safeOut.flush();
            safeErr.flush();
        }
    }

    /**
     * The command line with the subcommand {@code name} (all of them for help, or when no command
     * is named): picocli builds a command's model by reflection when it is added, and a call needs one.
     */
    static CommandLine commandLine(Map<String, String> environment, String name) {
        CommandLine commandLine = new CommandLine(new SlipwayGitops(), new CommandEnvironment(environment).factory());
        List<Class<?>> named = COMMANDS.stream()
                .filter(command -> command.getAnnotation(Command.class).name().equals(name))
                .toList();
        for (Class<?> command : named.isEmpty() ? COMMANDS : named) {
            commandLine.addSubcommand(command);
        }
        commandLine.setDefaultValueProvider(arg -> defaultFromEnvironment(arg, environment));
        commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n");
        commandLine.getCommandSpec().usageMessage().exitCodeList(ExitCode.listFor(NAME));
        commandLine
                .getSubcommands()
                .forEach((subcommand, line) -> line.getCommandSpec()
                        .versionProvider(new Version())
                        .usageMessage()
                        .exitCodeListHeading("%nExit status:%n")
                        .exitCodeList(ExitCode.listFor(subcommand)));
        return commandLine;
    }

    /**
     * The whole command line's model, every subcommand included, with defaults as an empty
     * environment gives them: what the generated CLI reference and man pages are made from.
     */
    public static CommandLine.Model.CommandSpec model() {
        return commandLine(Map.of(), "").getCommandSpec();
    }

    /** A usage error is its one line and where to read more, not the whole help. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        List<String> suggestions =
                e instanceof CommandLine.UnmatchedArgumentException unmatched ? unmatched.getSuggestions() : List.of();
        command.getErr()
                .println(e.getMessage()
                        + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?"));
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println("see '" + name + " --help'");
        return ExitCode.INVALID_INPUT.code();
    }

    /** The value of a {@code ${env:NAME:-fallback}} default: the variable, or the fallback when it is unset or empty. */
    private static String defaultFromEnvironment(CommandLine.Model.ArgSpec arg, Map<String, String> environment) {
        Matcher declared = FROM_ENVIRONMENT.matcher(String.valueOf(arg.defaultValue()));
        if (!declared.matches()) {
            return null;
        }
        String value = environment.get(declared.group(1));
        return value == null || value.isEmpty() ? declared.group(2) : value;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "a command is required: render, validate, diff, publish, promote, rollback, status, verify, watch or help");
    }
}
