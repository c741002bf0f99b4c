package io.slipway.gitops.cli;

import io.slipway.gitops.publish.ConfigRepository;
import io.slipway.gitops.publish.FolderVerification;
import io.slipway.gitops.publish.Provenance;
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
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Per app and environment: the deployed image digest, its source commit, and when it last changed.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigBranch config;

    @Mixin
    EnvironmentsOption environments;

    @Override
    public Integer call() throws Exception {
        FolderVerification verification = FolderVerification.load(environments.folder);
        try (ConfigRepository repository = config.open()) {
            RevCommit tip = repository.fetch(config.branch, true).orElse(null);
            if (tip == null) {
                spec.commandLine().getOut().println("branch " + config.branch + " is empty: nothing deployed");
                return ExitCode.OK;
            }
            spec.commandLine().getOut().printf("%-24s %-14s %-20s %-14s %-20s %s%n", "APP", "ENV", "DIGEST", "SOURCE", "CHANGED", "VERIFY");
            for (String folder : repository.folders(tip)) {
                String[] parts = folder.split("/");
                Map<String, byte[]> files = repository.readFolder(tip, folder);
                List<String> problems = verification.check(repository, tip, folder);
                String digest = "?";
                String source = "?";
                try {
                    Provenance provenance = Provenance.fromJson(files.get(Provenance.FILE));
                    digest = provenance.shortDigest();
                    source = provenance.sourceCommit().substring(0, Math.min(12, provenance.sourceCommit().length()));
                } catch (IllegalArgumentException e) {
                    // reported by the verify column
                }
                List<RevCommit> last = repository.history(tip, folder, 1);
                String changed = last.isEmpty() ? "?" : Instant.ofEpochSecond(last.get(0).getCommitTime()).toString();
                spec.commandLine().getOut().printf("%-24s %-14s %-20s %-14s %-20s %s%n", parts[1], parts[2], digest, source, changed,
                        problems.isEmpty() ? "ok" : "FAILED: " + problems.size() + " problem(s), run verify");
            }
            return ExitCode.OK;
        }
    }
}
