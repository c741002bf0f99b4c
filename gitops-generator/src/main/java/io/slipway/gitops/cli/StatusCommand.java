package io.slipway.gitops.cli;

import io.slipway.gitops.TerminalText;
import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.publish.Provenance;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eclipse.jgit.revwalk.RevCommit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code status}: what each app and environment runs, according to the config repository. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "Per app and environment: the deployed image digest, its source commit, and when it last changed.")
final class StatusCommand implements Callable<Integer> {

    private static final String ROW = "%-24s %-14s %-20s %-14s %-20s %s%n";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigBranch config;

    @Override
    public Integer call() throws Exception {
        return config.read("nothing deployed", (repository, tip, verification) -> {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(ROW, "APP", "ENV", "DIGEST", "SOURCE", "CHANGED", "VERIFY");
            for (String folder : repository.folders(tip)) {
                String[] parts = folder.split("/");
                Map<String, byte[]> files = repository.readFolder(tip, folder);
                List<String> problems = verification.check(repository, tip, folder, files);
                String digest = "?";
                String source = "?";
                try {
                    Provenance provenance = Provenance.fromJson(files.get(Provenance.FILE));
                    digest = provenance.shortDigest();
                    source = provenance
                            .sourceCommit()
                            .substring(0, Math.min(12, provenance.sourceCommit().length()));
                } catch (IllegalArgumentException e) {
                    // reported by the verify column
                }
                List<RevCommit> last = repository.history(tip, folder, 1);
                String changed = last.isEmpty()
                        ? "?"
                        : Instant.ofEpochSecond(last.get(0).getCommitTime()).toString();
                out.printf(
                        ROW,
                        TerminalText.visible(parts[1]),
                        TerminalText.visible(parts[2]),
                        digest,
                        source,
                        changed,
                        problems.isEmpty() ? "ok" : "FAILED: " + problems.size() + " problem(s), run verify");
            }
            return ExitCode.OK.code();
        });
    }
}
