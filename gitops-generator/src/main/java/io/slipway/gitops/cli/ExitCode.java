package io.slipway.gitops.cli;

/** Process exit codes of every command; documented in the README. */
public final class ExitCode {

    /** Success; for {@code diff}, no differences. */
    public static final int OK = 0;
    /** {@code diff} only: rendering would change the folder. */
    public static final int DIFFERENT = 1;
    /** Bad input: usage, values, image reference, or a template that cannot render. */
    public static final int INVALID_INPUT = 2;
    /** The manifests break a validation rule; nothing was written. */
    public static final int INVALID_MANIFESTS = 3;
    /** A file or folder could not be read or written. */
    public static final int IO_ERROR = 4;
    /** The config repository refused the push (a declining hook, or the branch kept moving); remote unchanged. */
    public static final int PUSH_REJECTED = 5;
    /** The config repository refused the credentials. */
    public static final int AUTH_FAILED = 6;
    /** The config repository is unreachable or lacks a needed capability (push options). */
    public static final int REMOTE_UNAVAILABLE = 7;
    /** {@code promote --expect-source-commit}: the source environment runs another commit; nothing was pushed. */
    public static final int UNEXPECTED_SOURCE = 8;
    /** {@code promote}: a promotion gate failed, or Prometheus could not answer; nothing was pushed. */
    public static final int GATES_FAILED = 9;
    /**
     * {@code verify}, {@code promote}: a generated folder was changed outside Slipway, or its last
     * change is not signed by a trusted key where its environment requires signing; nothing was pushed.
     */
    public static final int TAMPERED = 10;
    /**
     * A commit must be signed and cannot be: the environment requires signing and no key is
     * configured, or the configured key cannot sign (missing file, wrong passphrase, unknown
     * format, a subkey); or the trusted keys cannot be read. Nothing was pushed.
     */
    public static final int SIGNING_FAILED = 11;
    /** An unexpected internal error. */
    public static final int INTERNAL = 70;

    private ExitCode() {}
}
