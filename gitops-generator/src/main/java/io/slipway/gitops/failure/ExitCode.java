package io.slipway.gitops.failure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Process exit statuses of every command, with what each means: the one list a {@link SlipwayFailure}
 * names its status from. Each command's help lists the ones it can end with ({@link #listFor}); the
 * generated CLI reference and man pages carry the same list.
 */
public enum ExitCode {
    OK(0, "Success; for diff: no differences; for watch: the release is healthy where it runs.", Commands.ALL),
    DIFFERENT(1, "diff: rendering would change the folder.", List.of("diff")),
    INVALID_INPUT(
            2,
            "Bad input: usage, values, image reference, a template that cannot render, or an output folder that is"
                    + " not render's to replace. Nothing was written or pushed.",
            Commands.ALL),
    INVALID_MANIFESTS(
            3,
            "The manifests break a validation rule; nothing was written or pushed.",
            List.of("render", "validate", "diff", "publish", "promote", "reconfigure")),
    IO_ERROR(4, "A file or folder could not be read or written.", Commands.ALL),
    PUSH_REJECTED(
            5,
            "The config repository refused the push (a declining hook, or the branch kept moving); remote unchanged.",
            Commands.PUSHING),
    AUTH_FAILED(6, "The config repository refused the credentials.", Commands.REMOTE),
    REMOTE_UNAVAILABLE(
            7,
            "The config repository is unreachable, did not answer in time (SLIPWAY_GIT_TIMEOUT a read, 30 s by"
                    + " default; the whole command within SLIPWAY_TIMEOUT, 10 min by default, 1 h for watch), or lacks"
                    + " a needed capability (push options).",
            Commands.REMOTE),
    UNEXPECTED_SOURCE(
            8,
            "promote --expect-source-commit: the source environment runs another commit; nothing was pushed.",
            List.of("promote")),
    GATES_FAILED(
            9,
            "promote: a promotion gate failed, or Prometheus could not answer (20 s a query); nothing was pushed."
                    + " watch: no verdict — Prometheus could not answer (while the rollout was awaited or the gates"
                    + " measured) or gave a value that is not finite, too little traffic, or pods of other builds in"
                    + " the window; nothing was rolled back.",
            List.of("promote", "watch")),
    TAMPERED(
            10,
            "A generated folder was changed outside Slipway (publish: it holds a link, a submodule, a nested folder or"
                    + " a file where the folder belongs, which Slipway does not replace), or its last change is not"
                    + " signed by a trusted key where its environment requires signing; nothing was pushed.",
            List.of("verify", "status", "publish", "promote", "reconfigure", "rollback", "watch")),
    SIGNING_FAILED(
            11,
            "A commit must be signed and cannot be (no key, an unusable key, unreadable trusted keys); nothing was"
                    + " pushed.",
            List.of("publish", "promote", "reconfigure", "rollback", "verify", "status", "watch")),
    WINDOW_CLOSED(
            12,
            "promote, reconfigure: changes to the target environment are frozen now (promotion.windows); the message names the"
                    + " next opening; --outside-window REASON overrides it, recorded in the commit. Nothing was pushed.",
            List.of("promote", "reconfigure")),
    REGRESSED(
            13,
            "watch: the release runs everywhere but fails the environment's own health gates (5xx ratio, p99"
                    + " latency, restarts); rolled back where promotion.rollback.automatic is on, as the output says.",
            List.of("watch")),
    NOT_ROLLED_OUT(
            14,
            "watch: Prometheus answered, and the environment did not run the release on every ready pod within the"
                    + " rollout deadline.",
            List.of("watch")),
    SUPERSEDED(
            15,
            "watch: the folder changed while the release was watched (a newer release or a rollback), whatever the"
                    + " verdict; no rollback over it, nothing was pushed.",
            List.of("watch")),
    INTERNAL(70, "An unexpected internal error (a bug: please report it with the command line).", Commands.ALL);

    private final int code;
    private final String meaning;
    private final List<String> commands;

    ExitCode(int code, String meaning, List<String> commands) {
        this.code = code;
        this.meaning = meaning;
        this.commands = commands;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The commands that can end with this status, or {@code [*]} for every command. */
    public List<String> commands() {
        return commands;
    }

    /** The statuses {@code command} can end with and their meanings, as picocli's exit-code list. */
    public static Map<String, String> listFor(String command) {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode exit : values()) {
            if (exit.commands.equals(Commands.ALL) || exit.commands.contains(command)) {
                list.put(String.format("%3d", exit.code), exit.meaning);
            }
        }
        return list;
    }

    /** Command groups several statuses share. */
    private static final class Commands {
        static final List<String> ALL = List.of("*");
        static final List<String> PUSHING = List.of("publish", "promote", "reconfigure", "rollback", "watch");
        static final List<String> REMOTE =
                List.of("publish", "promote", "reconfigure", "rollback", "status", "verify", "watch");
    }
}
