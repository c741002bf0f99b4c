package io.slipway.gitops.failure;

import java.util.List;

/**
 * A workflow that ran to its end and concluded with a status other than success: a regression, a
 * release not rolled out, no verdict, invalid manifests. Its lines say why; the command has
 * printed everything else it found before this ends it.
 */
public final class Concluded extends SlipwayFailure {

    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;
    private final List<String> lines;

    public Concluded(ExitCode exitCode, List<String> lines) {
        super(String.join("; ", lines), null);
        if (exitCode == ExitCode.OK) {
            throw new IllegalArgumentException("a success is no failure");
        }
        this.exitCode = exitCode;
        this.lines = List.copyOf(lines);
    }

    @Override
    public ExitCode exitCode() {
        return exitCode;
    }

    @Override
    public List<String> lines(boolean pushing) {
        return lines;
    }
}
