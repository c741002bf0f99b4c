package io.slipway.gitops.cli;

import io.slipway.gitops.failure.CommandNames;
import io.slipway.gitops.promote.Rollback;
import io.slipway.gitops.publish.ConfigRemote;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rollback}: restore an environment's folder as it was, as a new commit (never a history rewrite). */
@Command(
        name = CommandNames.ROLLBACK,
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
        Rollback rollback = Rollback.of(environments.folder, environment);
        String branch = repository.branchOr(rollback.branch());
        try (ConfigRemote config = repository.open()) {
            Rollback.Restoration restoration =
                    rollback.find(config, branch, Optional.ofNullable(target.commit), target.steps);
            spec.commandLine()
                    .getOut()
                    .println("restoring " + restoration.folder() + " as of "
                            + restoration.commit().name() + " ("
                            + restoration.commit().getShortMessage() + ")");
            return RepositoryOptions.report(
                    spec.commandLine().getOut(),
                    rollback.deliver(
                            restoration, repository.publisher(config), repository.origin(), branch, repository.dryRun));
        }
    }
}
