package io.slipway.server.support;

import io.dropwizard.testing.ResourceHelpers;
import io.slipway.server.SlipwayApplication;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Runs the server's command line in-process, as {@code java -jar server.jar ARGS} would. */
public final class Cli {

    /** What a command run printed and whether it failed. */
    public record Run(Optional<Throwable> failure, String stdout, String stderr) {}

    private Cli() {}

    /** Runs a command with {@code stdin} as its input; what it prints is captured, nothing global is swapped. */
    public static Run run(String stdin, String... args) {
        return run(Map.of(), stdin, args);
    }

    /** As {@link #run(String, String...)}, with {@code variables} as the process's environment. */
    public static Run run(Map<String, String> variables, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            SlipwayApplication application =
                    new SlipwayApplication(
                            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), stdout, variables) {
                        @Override
                        protected void bootstrapLogging() {}
                    };
            Optional<Throwable> failure = application.runCommandLine(stdout, stderr, args);
            return new Run(failure, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code create-admin --email EMAIL} with {@code password} on stdin, against {@code test-config.yml}; fails the test if it fails. */
    public static Run createAdmin(String email, String password) {
        Run run = run(
                password + "\n", "create-admin", "--email", email, ResourceHelpers.resourceFilePath("test-config.yml"));
        if (run.failure().isPresent()) {
            throw new AssertionError(
                    "create-admin failed: " + run.stderr(), run.failure().get());
        }
        return run;
    }
}
