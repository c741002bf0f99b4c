package io.slipway.gitops.cli;

import io.slipway.gitops.publish.ConfigRepository;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.FolderVerification;
import io.slipway.gitops.publish.PublishFailure;
import io.slipway.gitops.values.EnvironmentValues;
import io.slipway.gitops.values.ValuesLoader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eclipse.jgit.revwalk.RevCommit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rollback}: restore an environment's folder as it was, as a new commit (never a history rewrite). */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = "Restore apps/<app>/<env>/ as it was at an earlier config-repo commit, as a new commit through "
                + "the environment's publish.mode.")
final class RollbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--env", required = true, paramLabel = "NAME", description = "Environment to roll back.")
    String environment;

    @Mixin
    EnvironmentsOption environments;

    @ArgGroup(exclusive = true)
    Target target = new Target();

    static final class Target {
        @Option(names = "--to", paramLabel = "COMMIT", description = "Config-repo commit to restore the folder from.")
        String commit;

        @Option(names = "--steps", paramLabel = "N", description = "Go back N changes of this folder (default 1).")
        int steps = 1;
    }

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() throws Exception {
        EnvironmentValues values = new ValuesLoader(environments.folder).load(environment);
        String branch = repository.branchOr(values.publish().branch());
        String folder = Deliveries.folder(values);
        try (ConfigRepository config = repository.open()) {
            RevCommit tip = config.fetch(branch, true)
                    .orElseThrow(() -> new PublishFailure(
                            PublishFailure.Kind.INVALID,
                            "branch " + branch + " does not exist in the config repository"));
            RevCommit restore;
            if (target.commit != null) {
                restore = config.parse(target.commit);
            } else {
                if (target.steps < 1) {
                    throw new PublishFailure(PublishFailure.Kind.INVALID, "--steps must be at least 1");
                }
                List<RevCommit> changes = config.history(tip, folder, target.steps + 1);
                if (changes.size() <= target.steps) {
                    throw new PublishFailure(
                            PublishFailure.Kind.INVALID,
                            folder + " has only " + changes.size() + " change(s) on " + branch + "; cannot go back "
                                    + target.steps);
                }
                restore = changes.get(target.steps);
            }
            Map<String, byte[]> files = config.readFolder(restore, folder);
            if (files.isEmpty()) {
                throw new PublishFailure(PublishFailure.Kind.INVALID, folder + " does not exist at " + restore.name());
            }
            // Restore only what promote would accept as a source: the files Slipway published, signed where required.
            List<String> problems = FolderVerification.load(environments.folder).check(config, restore, folder, files);
            if (!problems.isEmpty()) {
                problems.forEach(spec.commandLine().getErr()::println);
                throw new PublishFailure(
                        PublishFailure.Kind.TAMPERED,
                        "rollback refused: " + folder + " at "
                                + restore.abbreviate(12).name()
                                + " does not hold what Slipway published, signed as its environment requires (see"
                                + " verify); nothing was pushed");
            }
            spec.commandLine()
                    .getOut()
                    .println("restoring " + folder + " as of " + restore.name() + " (" + restore.getShortMessage()
                            + ")");
            return RepositoryOptions.report(
                    spec.commandLine().getOut(),
                    repository
                            .publisher(config)
                            .deliver(Deliveries.forRollback(
                                    values, files, restore.name(), repository.origin(), branch, repository.dryRun)));
        }
    }
}
