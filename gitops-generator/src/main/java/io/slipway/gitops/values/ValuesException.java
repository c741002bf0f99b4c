package io.slipway.gitops.values;

import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.failure.SlipwayFailure;
import java.util.List;

/** The values are unusable; each problem is one line {@code file: key.path: reason}. */
public final class ValuesException extends SlipwayFailure {

    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ValuesException(List<String> problems) {
        super(String.join("\n", problems), null);
        this.problems = List.copyOf(problems);
    }

    public ValuesException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.INVALID_INPUT;
    }

    @Override
    public List<String> lines(boolean pushing) {
        return problems;
    }
}
