package io.slipway.gitops.cli;

import io.slipway.gitops.Generator;
import io.slipway.gitops.publish.ConfigRepository;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.Provenance;
import io.slipway.gitops.publish.PublishFailure;
import io.slipway.gitops.values.EnvironmentValues;
import io.slipway.gitops.values.ValuesLoader;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eclipse.jgit.revwalk.RevCommit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code promote}: ship to one environment exactly the artifact another environment runs. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Publish the target environment with exactly the image digest and source commit recorded in "
                + "the source environment's .slipway.json (the artifact that was tested is the one that ships).")
final class PromoteCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "ENV", description = "Environment whose artifact to promote.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ENV", description = "Environment to publish.")
    String to;

    @Mixin
    EnvironmentsOption environments;

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() throws Exception {
        EnvironmentValues target = new ValuesLoader(environments.folder).load(to);
        String branch = repository.branchOr(target.publishBranch());
        try (ConfigRepository config = repository.open()) {
            RevCommit tip = config.fetch(branch, false).orElseThrow(() -> new PublishFailure(PublishFailure.Kind.INVALID,
                    "branch " + branch + " does not exist in the config repository; publish " + from + " first"));
            String sourceFolder = "apps/" + target.appName() + "/" + from;
            Map<String, byte[]> files = config.readFolder(tip, sourceFolder);
            if (!files.containsKey(Provenance.FILE)) {
                throw new PublishFailure(PublishFailure.Kind.INVALID, sourceFolder + "/" + Provenance.FILE
                        + " not found on " + branch + "; publish " + from + " first");
            }
            Provenance tested = Provenance.fromJson(files.get(Provenance.FILE));
            if (tested.digest().isEmpty()) {
                throw new PublishFailure(PublishFailure.Kind.INVALID, from + " runs " + tested.image()
                        + ", which is not pinned by digest; only digest-pinned artifacts are promoted");
            }
            Generator.Release release = new Generator(environments.folder).render(to, tested.image(), tested.sourceCommit());
            return RepositoryOptions.report(repository.publisher(config).deliver(Deliveries.forRelease(release,
                    tested.sourceCommit(), repository.origin(), branch, repository.dryRun)), repository.dryRun);
        }
    }
}
