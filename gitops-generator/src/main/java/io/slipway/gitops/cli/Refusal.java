package io.slipway.gitops.cli;

import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.failure.SlipwayFailure;

/** A command refusing to act on what it was given: one line, exit status 2, nothing touched. */
final class Refusal extends SlipwayFailure {
    private static final long serialVersionUID = 1L;

    Refusal(String message) {
        super(message, null);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.INVALID_INPUT;
    }
}
