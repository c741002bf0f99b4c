package io.slipway.gitops.publish;

import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.failure.SlipwayFailure;
import java.util.ArrayList;
import java.util.List;

/** A publish that did not land; the remote is left exactly as it was. */
public final class PublishFailure extends SlipwayFailure {

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
        /** The commit must be signed and cannot be: no signing key, or one that cannot sign. */
        SIGNING,
        /** The folder no longer holds what the delivery was to replace: someone published after it was read. */
        SUPERSEDED,
        /** The folder (or a file Slipway reads) holds what Slipway does not write: it is not replaced or trusted. */
        FOREIGN
    }

    private final Kind kind;
    private final List<String> details;

    public PublishFailure(Kind kind, String message, Throwable cause) {
        this(kind, List.of(), message, cause);
    }

    /** A failure whose {@code details} (one problem a line) are printed before its message. */
    public PublishFailure(Kind kind, List<String> details, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.details = List.copyOf(details);
    }

    public PublishFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public ExitCode exitCode() {
        return switch (kind) {
            case REJECTED -> ExitCode.PUSH_REJECTED;
            case AUTH -> ExitCode.AUTH_FAILED;
            case REMOTE -> ExitCode.REMOTE_UNAVAILABLE;
            case INVALID -> ExitCode.INVALID_INPUT;
            case SIGNING -> ExitCode.SIGNING_FAILED;
            case SUPERSEDED -> ExitCode.SUPERSEDED;
            case FOREIGN -> ExitCode.TAMPERED;
        };
    }

    @Override
    public List<String> lines(boolean pushing) {
        List<String> lines = new ArrayList<>(details);
        lines.add(getMessage());
        return lines;
    }
}
