package io.slipway.gitops.cli;

import io.slipway.gitops.Generator;
import io.slipway.gitops.publish.ConfigRepository;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.PublishFailure;
import io.slipway.gitops.values.ValuesLoader;
import java.util.concurrent.CompletableFuture;
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
        String branch = repository.branchOr(new ValuesLoader(render.environments).load(render.environment).publishBranch());
        try (ConfigRepository config = repository.open()) {
            // The shallow fetch is mostly waiting on the network: let it run while rendering and
            // validating use the CPU. Delivery then fetches only what arrived in between.
            CompletableFuture<Void> prefetch = CompletableFuture.runAsync(() -> {
                try {
                    config.fetch(branch, false);
                } catch (PublishFailure e) {
                    // reported by the delivery's own fetch
                }
            });
            Generator.Release release;
            try {
                release = new Generator(render.environments).render(render.environment, render.image, render.sourceCommit);
            } finally {
                prefetch.join(); // never remove the repository under a running fetch
            }
            return RepositoryOptions.report(repository.publisher(config).deliver(Deliveries.forRelease(release,
                    render.sourceCommit, repository.origin(), branch, repository.dryRun)), repository.dryRun);
        }
    }
}
