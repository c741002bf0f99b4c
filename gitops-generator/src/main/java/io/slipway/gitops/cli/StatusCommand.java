package io.slipway.gitops.cli;

import io.slipway.gitops.TerminalText;
import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.publish.ConfigSnapshot;
import io.slipway.gitops.publish.Provenance;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
        return config.read("nothing deployed", (tip, verification) -> {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(ROW, "APP", "ENV", "DIGEST", "SOURCE", "CHANGED", "VERIFY");
            for (String folder : tip.folders()) {
                String[] parts = folder.split("/");
                Map<String, byte[]> files = tip.readFolder(folder);
                List<String> problems = verification.check(tip, folder, files);
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
            return ExitCode.OK.code();
        });
    }
}
