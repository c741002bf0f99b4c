package io.slipway.gitops.render;

import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.failure.SlipwayFailure;

/** Rendering could not complete; the message is one line naming the template and the reason. */
public final class RenderException extends SlipwayFailure {

    private static final long serialVersionUID = 1L;

    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.INVALID_INPUT;
    }
}
