package io.slipway.gitops.cli;

/** A command refusing to act on what it was given: one line, exit status 2, nothing touched. */
final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    Refusal(String message) {
        super(message);
    }
}
