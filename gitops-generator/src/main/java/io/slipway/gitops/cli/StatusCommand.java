package io.slipway.gitops.cli;

import io.slipway.gitops.TerminalText;
import io.slipway.gitops.failure.CommandNames;
import io.slipway.gitops.failure.Concluded;
import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.publish.ConfigSnapshot;
import io.slipway.gitops.publish.FolderVerification;
import io.slipway.gitops.publish.Provenance;
import io.slipway.gitops.publish.PublishedFolder;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: what each app and environment runs, according to the config repository. */
@Command(
        name = CommandNames.STATUS,
        mixinStandardHelpOptions = true,
        description =
                "Per app and environment: the deployed image digest, its source commit, and when it last changed.")
final class StatusCommand implements Callable<Integer> {

    private static final String ROW = "%-24s %-14s %-20s %-14s %-20s %s%n";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigBranch config;

    @Option(
            names = "--images",
            description = "Print only the image each folder runs (repository@digest), one per line, sorted, for"
                    + " scripts such as a scheduled vulnerability scan; a folder that does not verify is named on"
                    + " stderr and ends the command with exit 10 after the list.")
    boolean images;

    @Override
    public Integer call() throws Exception {
        if (images) {
            config.read("nothing deployed", this::printImages);
            return ExitCode.OK.code();
        }
        config.read("nothing deployed", (tip, verification) -> {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(ROW, "APP", "ENV", "DIGEST", "SOURCE", "CHANGED", "VERIFY");
            for (String folder : tip.folders()) {
                String[] parts = folder.split("/");
                PublishedFolder state = PublishedFolder.read(tip, folder);
                List<String> problems = state.problems(verification);
                String digest = "?";
                String source = "?";
                if (state.isPublished()) {
                    try {
                        Provenance provenance = state.provenance();
                        digest = provenance.shortDigest();
                        source = provenance
                                .sourceCommit()
                                .substring(
                                        0,
                                        Math.min(12, provenance.sourceCommit().length()));
                    } catch (IllegalArgumentException e) {
                        // an unreadable .slipway.json: reported by the verify column
                    }
                }
                List<ConfigSnapshot> last = tip.history(folder, 1);
                String changed = last.isEmpty()
                        ? "?"
                        : Instant.ofEpochSecond(last.get(0).commit().getCommitTime())
                                .toString();
                out.printf(
                        ROW,
                        TerminalText.visible(parts[1]),
                        TerminalText.visible(parts[2]),
                        digest,
                        source,
                        changed,
                        problems.isEmpty() ? "ok" : "FAILED: " + problems.size() + " problem(s), run verify");
            }
        });
        return ExitCode.OK.code();
    }

    /** The verified folders' images, each once; the others' problems, then exit 10. */
    private void printImages(ConfigSnapshot tip, FolderVerification verification) throws Exception {
        SortedSet<String> running = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String folder : tip.folders()) {
            PublishedFolder state = PublishedFolder.read(tip, folder);
            List<String> found = state.problems(verification);
            if (found.isEmpty()) {
                running.add(state.provenance().image());
            } else {
                problems.addAll(found);
            }
        }
        running.forEach(spec.commandLine().getOut()::println);
        if (!problems.isEmpty()) {
            throw new Concluded(ExitCode.TAMPERED, problems);
        }
    }
}
