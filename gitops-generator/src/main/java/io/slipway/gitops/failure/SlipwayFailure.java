package io.slipway.gitops.failure;

import java.util.List;

/**
 * Every way a Slipway command refuses or fails that is not a bug: the lines it prints (one per
 * problem, each naming the file, key, folder or remote and the reason) and the status it exits
 * with. The command line reports any of them with one call; scripts that call the generator's API
 * catch this one type. The remote, the files and the config repository are as they were before.
 */
public abstract class SlipwayFailure extends Exception {

    private static final long serialVersionUID = 1L;

    protected SlipwayFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The process exit status this failure ends a command with. */
    public abstract ExitCode exitCode();

    /** What to print, a line each; {@code pushing}: the command was about to push to the config repository. */
    public List<String> lines(boolean pushing) {
        return List.of(getMessage());
    }
}
