package io.slipway.gitops.cli;

import io.slipway.gitops.failure.CommandNames;
import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.failure.SlipwayFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;

/**
 * How a failure ends a command: its lines on the command's stderr (one per problem) and its
 * {@link ExitCode}. A {@link SlipwayFailure} says both; anything else is an I/O error or a bug.
 */
final class FailureReport implements CommandLine.IExitCodeExceptionMapper, CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        return report(e, command);
    }

    /** Prints a failure on {@code command}'s stderr and returns its exit status. */
    static int report(Exception e, CommandLine command) {
        List<String> lines = e instanceof SlipwayFailure failure
                ? failure.lines(CommandNames.PUSHING.contains(command.getCommandName()))
                : e instanceof IOException || e instanceof UncheckedIOException
                        ? List.of("I/O error: " + e.getMessage())
                        : List.of("internal error: " + e);
        lines.forEach(command.getErr()::println);
        return exitCode(e).code();
    }

    @Override
    public int getExitCode(Throwable e) {
        return exitCode(e).code();
    }

    private static ExitCode exitCode(Throwable e) {
        return e instanceof SlipwayFailure failure
                ? failure.exitCode()
                : e instanceof CommandLine.ParameterException
                        ? ExitCode.INVALID_INPUT
                        : e instanceof IOException || e instanceof UncheckedIOException
                                ? ExitCode.IO_ERROR
                                : ExitCode.INTERNAL;
    }
}
