package io.slipway.gitops.promote;

import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.failure.SlipwayFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * A promotion or a rollback that would ship something its evidence does not hold: the source runs
 * another commit than expected, a gate failed, or a folder is not what Slipway published. Nothing
 * was pushed. Its lines are the details (one per failed gate or changed file), then the reason.
 */
public final class PromotionRefused extends SlipwayFailure {

    private static final long serialVersionUID = 1L;

    /** Why; each has its exit status. */
    public enum Kind {
        /** The source environment runs another source commit than the one it was told to ship. */
        UNEXPECTED_SOURCE(ExitCode.UNEXPECTED_SOURCE),
        /** A gate failed, or Prometheus cannot say. */
        GATES(ExitCode.GATES_FAILED),
        /** A folder involved was changed outside Slipway, or its last change is not signed as its environment requires. */
        TAMPERED(ExitCode.TAMPERED),
        /** Promotion into the target is frozen now (its promotion windows). */
        FROZEN(ExitCode.WINDOW_CLOSED);

        private final ExitCode exit;

        Kind(ExitCode exit) {
            this.exit = exit;
        }
    }

    private final Kind kind;
    private final List<String> details;

    public PromotionRefused(Kind kind, List<String> details, String message) {
        super(message, null);
        this.kind = kind;
        this.details = List.copyOf(details);
    }

    public PromotionRefused(Kind kind, String message) {
        this(kind, List.of(), message);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public ExitCode exitCode() {
        return kind.exit;
    }

    @Override
    public List<String> lines(boolean pushing) {
        List<String> lines = new ArrayList<>(details);
        lines.add(getMessage());
        return lines;
    }
}
