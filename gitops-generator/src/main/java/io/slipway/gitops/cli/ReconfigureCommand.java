package io.slipway.gitops.cli;

import io.slipway.gitops.failure.CommandNames;
import io.slipway.gitops.promote.ConfigRelease;
import io.slipway.gitops.publish.ConfigRemote;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code reconfigure}: release a values change to an environment, keeping the image its folder runs. */
@Command(
        name = CommandNames.RECONFIGURE,
        mixinStandardHelpOptions = true,
        description = "Re-render the environment from the values as they are now with the image its folder runs"
                + " (digest and source commit from its .slipway.json, after the folder passes verify) and deliver it"
                + " through the environment's publish mode: a config change without a new image, inside the"
                + " promotion windows or with --outside-window. Never replaces a release published meanwhile.")
final class ReconfigureCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--env", required = true, paramLabel = "NAME", description = "Environment to reconfigure.")
    String environment;

    @Option(
            names = "--values-commit",
            paramLabel = "SHA",
            defaultValue = "$${env:CI_COMMIT_SHA:-}",
            description = "The source commit the values were read at, recorded as Values-Commit: (default:"
                    + " $CI_COMMIT_SHA; required).")
    String valuesCommit;

    @Mixin
    OutsideWindowOption outsideWindow;

    @Mixin
    EnvironmentsOption environments;

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() throws Exception {
        if (valuesCommit == null || valuesCommit.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--values-commit: not given and CI_COMMIT_SHA is unset; pass the commit the values were read at"
                            + " (git rev-parse HEAD)");
        }
        try {
            new TrailerValue.CommitId().convert(valuesCommit);
        } catch (TypeConversionException e) {
            throw new ParameterException(spec.commandLine(), "--values-commit: " + e.getMessage());
        }
        ConfigRelease release =
                ConfigRelease.of(environments.folder, environment, Instant.now(), outsideWindow.reason());
        String branch = repository.branchOr(release.branch());
        try (ConfigRemote config = repository.open()) {
            return RepositoryOptions.report(
                    spec.commandLine().getOut(),
                    release.deliver(
                            config,
                            repository.publisher(config),
                            repository.origin(),
                            branch,
                            valuesCommit,
                            repository.dryRun));
        }
    }
}
