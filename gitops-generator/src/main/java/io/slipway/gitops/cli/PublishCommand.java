package io.slipway.gitops.cli;

import io.slipway.gitops.Generator;
import io.slipway.gitops.publish.ConfigRepository;
import io.slipway.gitops.publish.Deliveries;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code publish}: render, validate, and commit the environment's folder into the config repository. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Render and validate an environment, then replace apps/<app>/<env>/ in the config repository "
                + "(direct push or merge request, per the environment's publish.mode).")
final class PublishCommand implements Callable<Integer> {

    @Mixin
    RenderOptions render;

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() throws Exception {
        Generator.Release release = new Generator(render.environments.folder)
                .render(render.environment, render.image, render.sourceCommit);
        try (ConfigRepository config = repository.open()) {
            return RepositoryOptions.report(repository.publisher(config).deliver(Deliveries.forRelease(release,
                    render.sourceCommit, repository.origin(), repository.branchOr(release.values().publishBranch()),
                    repository.dryRun)), repository.dryRun);
        }
    }
}
