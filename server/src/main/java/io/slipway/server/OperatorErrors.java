package io.slipway.server;

import io.dropwizard.configuration.ConfigurationException;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.util.List;
import net.sourceforge.argparse4j.inf.ArgumentParserException;

/**
 * How a command that failed is reported to the operator who ran it: one line per problem, naming
 * what to change, never a stack trace (the server's own log keeps the trace of a failure after
 * logging started). Dropwizard prints a trace, or the whole usage, for every failure.
 */
final class OperatorErrors {

    private OperatorErrors() {}

    static void print(Throwable failure, PrintStream err) {
        lines(failure).forEach(err::println);
    }

    static List<String> lines(Throwable failure) {
        if (failure instanceof ArgumentParserException usage) {
            return List.of(
                    oneLine(usage.getMessage()), oneLine(usage.getParser().formatUsage()) + " (-h for help)");
        }
        if (failure instanceof ConfigurationException configuration) {
            String message = String.valueOf(configuration.getMessage());
            int end = message.indexOf(" has ");
            String file = end > 0 ? message.substring(0, end) + ": " : "";
            return configuration.getErrors().stream()
                    .map(error -> file + oneLine(error))
                    .toList();
        }
        if (failure instanceof FileNotFoundException missing) {
            return List.of(oneLine(String.valueOf(missing.getMessage())) + "; give the path of a configuration file, or"
                    + " none for the embedded default");
        }
        if (failure instanceof MissingVariables || failure instanceof IllegalArgumentException) {
            return List.of(oneLine(failure.getMessage()));
        }
        String message = failure.getMessage();
        return List.of(
                "failed: " + failure.getClass().getSimpleName() + (message == null ? "" : ": " + oneLine(message)));
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
