package io.slipway.gitops.cli;

import io.slipway.gitops.Generator;
import io.slipway.gitops.publish.ConfigRepository;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.Provenance;
import io.slipway.gitops.publish.PublishFailure;
import io.slipway.gitops.values.EnvironmentValues;
import io.slipway.gitops.values.ValuesLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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

    @Option(names = "--expect-source-commit", paramLabel = "SHA",
            description = "Refuse (exit 8, nothing pushed) unless the source environment runs an image built from this "
                    + "commit; the full SHA, or a prefix of at least 7 hex digits. CI passes $CI_COMMIT_SHA of the tag.")
    String expectedSourceCommit;

    @Option(names = "--write-artifact", paramLabel = "FILE",
            description = "Also write the promoted artifact as IMAGE_REF, IMAGE_DIGEST and SOURCE_COMMIT lines "
                    + "(a GitLab dotenv report), e.g. with --dry-run to tag that image before promoting.")
    Path artifactFile;

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
            if (expectedSourceCommit != null && !isSameCommit(expectedSourceCommit, tested.sourceCommit())) {
                throw new PublishFailure(PublishFailure.Kind.UNEXPECTED_SOURCE, "promote refused: " + from
                        + " runs source commit " + tested.sourceCommit() + " (" + tested.image() + "), not the expected "
                        + expectedSourceCommit + "; nothing was pushed");
            }
            if (artifactFile != null) {
                Files.writeString(artifactFile, "IMAGE_REF=" + tested.image() + "\nIMAGE_DIGEST=" + tested.digest()
                        + "\nSOURCE_COMMIT=" + tested.sourceCommit() + "\n", StandardCharsets.UTF_8);
            }
            Generator.Release release = new Generator(environments.folder).render(to, tested.image(), tested.sourceCommit());
            return RepositoryOptions.report(repository.publisher(config).deliver(Deliveries.forRelease(release,
                    tested.sourceCommit(), repository.origin(), branch, repository.dryRun)), repository.dryRun);
        }
    }

    /** The same commit: equal ignoring case, or {@code expected} an unambiguous-enough abbreviation of it. */
    static boolean isSameCommit(String expected, String recorded) {
        String e = expected.trim().toLowerCase(Locale.ROOT);
        String r = recorded.toLowerCase(Locale.ROOT);
        return e.equals(r) || e.matches("[0-9a-f]{7,40}") && r.startsWith(e);
    }
}
