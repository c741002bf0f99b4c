package io.slipway.gitops.signing;

/** A signing key that is required or configured but cannot be used; the message is one actionable line. */
public final class SigningException extends Exception {

    private static final long serialVersionUID = 1L;

    public SigningException(String message) {
        super(message);
    }

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
