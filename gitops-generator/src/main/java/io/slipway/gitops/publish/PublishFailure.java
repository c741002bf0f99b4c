package io.slipway.gitops.publish;

/** A publish that did not land; the remote is left exactly as it was. */
public final class PublishFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why it failed; each maps to its own exit code. */
    public enum Kind {
        /** The remote refused the push: a declining hook, or the branch kept moving. */
        REJECTED,
        /** The remote refused the credentials. */
        AUTH,
        /** The remote could not be reached or lacks a needed capability (e.g. push options). */
        REMOTE,
        /** The request itself is unusable (e.g. no such environment in the config repo). */
        INVALID,
        /** A promotion's source environment runs another source commit than the one it was told to ship. */
        UNEXPECTED_SOURCE,
        /** A promotion's gates refused: the source environment has not proved the artifact, or Prometheus cannot say. */
        GATES,
        /** A folder involved was changed outside Slipway, or its last change is not signed as its environment requires. */
        TAMPERED,
        /** The commit must be signed and cannot be: no signing key, or one that cannot sign. */
        SIGNING
    }

    private final Kind kind;

    public PublishFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public PublishFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
