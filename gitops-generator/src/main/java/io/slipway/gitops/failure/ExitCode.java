package io.slipway.gitops.failure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Process exit statuses of every command, with what each means: the one list a {@link SlipwayFailure}
 * names its status from. Each command's help lists the ones it can end with ({@link #listFor}); the
 * generated CLI reference and man pages carry the same list.
 */
@SuppressWarnings("ImmutableEnumChecker") // commands is a List.of: unmodifiable
public enum ExitCode {
    OK(0, "Success; for diff: no differences; for watch: the release is healthy where it runs.", CommandNames.ALL),
    DIFFERENT(1, "diff: rendering would change the folder.", List.of(CommandNames.DIFF)),
    INVALID_INPUT(
            2,
            "Bad input: usage, values, image reference, a template that cannot render, or an output folder that is"
                    + " not render's to replace. Nothing was written or pushed.",
            CommandNames.ALL),
    INVALID_MANIFESTS(
            3,
            "The manifests break a validation rule; nothing was written or pushed.",
            List.of(
                    CommandNames.RENDER,
                    CommandNames.VALIDATE,
                    CommandNames.DIFF,
                    CommandNames.PUBLISH,
                    CommandNames.PROMOTE,
                    CommandNames.RECONFIGURE)),
    IO_ERROR(4, "A file or folder could not be read or written.", CommandNames.ALL),
    PUSH_REJECTED(
            5,
            "The config repository refused the push (a declining hook, or the branch kept moving); remote unchanged.",
            CommandNames.PUSHING),
    AUTH_FAILED(6, "The config repository refused the credentials.", CommandNames.REMOTE),
    REMOTE_UNAVAILABLE(
            7,
            "The config repository is unreachable, did not answer in time (SLIPWAY_GIT_TIMEOUT a read, 30 s by"
                    + " default; the whole command within SLIPWAY_TIMEOUT, 10 min by default, 1 h for watch), or lacks"
                    + " a needed capability (push options).",
            CommandNames.REMOTE),
    UNEXPECTED_SOURCE(
            8,
            "promote --expect-source-commit: the source environment runs another commit; nothing was pushed.",
            List.of(CommandNames.PROMOTE)),
    GATES_FAILED(
            9,
            "promote: a promotion gate failed, or Prometheus could not answer (20 s a query); nothing was pushed."
                    + " watch: no verdict — Prometheus could not answer (while the rollout was awaited or the gates"
                    + " measured) or gave a value that is not finite, too little traffic, or pods of other builds in"
                    + " the window; nothing was rolled back.",
            List.of(CommandNames.PROMOTE, CommandNames.WATCH)),
    TAMPERED(
            10,
            "A generated folder was changed outside Slipway (publish: it holds a link, a submodule, a nested folder or"
                    + " a file where the folder belongs, which Slipway does not replace), or its last change is not"
                    + " signed by a trusted key where its environment requires signing; nothing was pushed.",
            List.of(
                    CommandNames.VERIFY,
                    CommandNames.STATUS,
                    CommandNames.PUBLISH,
                    CommandNames.PROMOTE,
                    CommandNames.RECONFIGURE,
                    CommandNames.ROLLBACK,
                    CommandNames.WATCH)),
    SIGNING_FAILED(
            11,
            "A commit must be signed and cannot be (no key, an unusable key, unreadable trusted keys); nothing was"
                    + " pushed.",
            List.of(
                    CommandNames.PUBLISH,
                    CommandNames.PROMOTE,
                    CommandNames.RECONFIGURE,
                    CommandNames.ROLLBACK,
                    CommandNames.VERIFY,
                    CommandNames.STATUS,
                    CommandNames.WATCH)),
    WINDOW_CLOSED(
            12,
            "promote, reconfigure: changes to the target environment are frozen now (promotion.windows); the message names the"
                    + " next opening; --outside-window REASON overrides it, recorded in the commit. Nothing was pushed.",
            List.of(CommandNames.PROMOTE, CommandNames.RECONFIGURE)),
    REGRESSED(
            13,
            "watch: the release runs everywhere but fails the environment's own health gates (5xx ratio, p99"
                    + " latency, restarts); rolled back where promotion.rollback.automatic is on, as the output says.",
            List.of(CommandNames.WATCH)),
    NOT_ROLLED_OUT(
            14,
            "watch: Prometheus answered, and the environment did not run the release on every ready pod within the"
                    + " rollout deadline.",
            List.of(CommandNames.WATCH)),
    SUPERSEDED(
            15,
            "watch: the folder changed while the release was watched (a newer release or a rollback), whatever the"
                    + " verdict; no rollback over it, nothing was pushed.",
            List.of(CommandNames.WATCH)),
    INTERNAL(70, "An unexpected internal error (a bug: please report it with the command line).", CommandNames.ALL);

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
            if (exit.commands.equals(CommandNames.ALL) || exit.commands.contains(command)) {
                list.put(String.format("%3d", exit.code), exit.meaning);
            }
        }
        return list;
    }
}
