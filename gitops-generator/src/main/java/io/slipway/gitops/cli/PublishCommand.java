package io.slipway.gitops.cli;

import io.slipway.gitops.Generator;
import io.slipway.gitops.failure.CommandNames;
import io.slipway.gitops.publish.ConfigRemote;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.Publisher;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code publish}: render, validate, and commit each environment's folder into the config repository. */
@Command(
        name = CommandNames.PUBLISH,
        mixinStandardHelpOptions = true,
        description = "Render and validate environments, then replace each one's apps/<app>/<env>/ in the config "
                + "repository (direct push or merge request, per the environment's publish.mode): one commit and one "
                + "result line per environment.")
final class PublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final CommandEnvironment environment;

    PublishCommand(CommandEnvironment environment) {
        this.environment = environment;
    }

    @Mixin
    EnvironmentList environments;

    @Mixin
    RenderOptions render;

    @Mixin
    RepositoryOptions repository;

    @Option(
            names = "--allow-unknown-source",
            description = "Publish even though neither --source-commit nor $CI_COMMIT_SHA says which commit the image"
                    + " was built from (refused where $CI is set, a warning elsewhere).")
    boolean allowUnknownSource;

    @Override
    public Integer call() throws Exception {
        if (render.sourceCommit.equals(RenderOptions.UNKNOWN_SOURCE)) {
            String unknown = "--source-commit: not given and CI_COMMIT_SHA is unset, so the provenance would record"
                    + " Source-Commit: " + RenderOptions.UNKNOWN_SOURCE;
            String ci = environment.get("CI").orElse("");
            if (!allowUnknownSource && !ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
                throw new ParameterException(
                        spec.commandLine(),
                        unknown + "; in CI pass the commit (--source-commit \"$CI_COMMIT_SHA\"), or"
                                + " --allow-unknown-source");
            }
            if (!allowUnknownSource) {
                spec.commandLine().getErr().println("warning: " + unknown);
            }
        }
        Generator generator = new Generator(render.environments.folder);
        // One local repository for all environments: after the first, a fetch brings only what is new.
        try (ConfigRemote config = repository.open()) {
            Publisher publisher = repository.publisher(config);
            return environments.forEach(environment -> {
                Generator.Release release = generator.render(environment, render.image, render.sourceCommit);
                RepositoryOptions.report(
                        spec.commandLine().getOut(),
                        publisher.deliver(Deliveries.forRelease(
                                release,
                                repository.origin(),
                                repository.branchOr(release.values().publish().branch()),
                                repository.dryRun)));
            });
        }
    }
}
