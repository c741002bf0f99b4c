package io.slipway.gitops.signing;

import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.failure.SlipwayFailure;
import java.util.List;

/** A signing key that is required or configured but cannot be used; the message is one actionable line. */
public final class SigningException extends SlipwayFailure {

    private static final long serialVersionUID = 1L;

    public SigningException(String message) {
        super(message, null);
    }

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.SIGNING_FAILED;
    }

    @Override
    public List<String> lines(boolean pushing) {
        return List.of(getMessage() + (pushing ? "; nothing was pushed" : ""));
    }
}
