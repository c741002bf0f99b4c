package io.slipway.gitops.failure;

import java.util.List;

/**
 * The commands' names, the one place they are spelled: the commands declare themselves by them,
 * {@link ExitCode} lists which end how by them, and the failure report asks by them whether a
 * command may have pushed.
 */
public final class CommandNames {

    public static final String RENDER = "render";
    public static final String VALIDATE = "validate";
    public static final String DIFF = "diff";
    public static final String PUBLISH = "publish";
    public static final String PROMOTE = "promote";
    public static final String RECONFIGURE = "reconfigure";
    public static final String ROLLBACK = "rollback";
    public static final String STATUS = "status";
    public static final String VERIFY = "verify";
    public static final String WATCH = "watch";

    /** Every command, in {@link ExitCode}'s lists. */
    static final List<String> ALL = List.of("*");

    /** The commands that push to the config repository. */
    public static final List<String> PUSHING = List.of(PUBLISH, PROMOTE, RECONFIGURE, ROLLBACK, WATCH);

    /** The commands that reach the config repository. */
    static final List<String> REMOTE = List.of(PUBLISH, PROMOTE, RECONFIGURE, ROLLBACK, STATUS, VERIFY, WATCH);

    private CommandNames() {}
}
