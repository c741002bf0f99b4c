package io.slipway.gitops.cli;

import io.slipway.gitops.failure.CommandNames;
import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.promote.Promotion;
import io.slipway.gitops.promote.PromotionWorkflow;
import io.slipway.gitops.publish.ConfigRemote;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code promote}: ship to one environment exactly the artifact another environment runs. */
@Command(
        name = CommandNames.PROMOTE,
        mixinStandardHelpOptions = true,
        description = "Publish the target environment with exactly the image digest and source commit recorded in "
                + "the source environment's .slipway.json (the artifact that was tested is the one that ships).")
final class PromoteCommand implements Callable<Integer> {

    @Option(
            names = "--from",
            required = true,
            paramLabel = "ENV",
            description = "Environment whose artifact to promote.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ENV", description = "Environment to publish.")
    String to;

    @Option(
            names = "--expect-source-commit",
            converter = TrailerValue.CommitId.class,
            paramLabel = "SHA",
            description =
                    "Refuse (exit 8, nothing pushed) unless the source environment runs an image built from this "
                            + "commit; the full SHA, or a prefix of at least 7 hex digits. CI passes $CI_COMMIT_SHA of the tag.")
    String expectedSourceCommit;

    @Option(
            names = "--write-artifact",
            paramLabel = "FILE",
            description = "Also write the promoted artifact as IMAGE_REF, IMAGE_DIGEST and SOURCE_COMMIT lines "
                    + "(a GitLab dotenv report), e.g. with --dry-run to tag that image before promoting.")
    Path artifactFile;

    @Mixin
    PrometheusOption prometheus;

    /** What is done with the promotion gates besides evaluating them before publishing; one at most. */
    static final class GatesChoice {
        @Option(
                names = "--gates-only",
                description = "Evaluate and print the promotion gates; publish nothing (exit 0 or 9).")
        boolean gatesOnly;

        @Option(
                names = "--skip-gates",
                converter = TrailerValue.class,
                paramLabel = "REASON",
                description = "Promote without evaluating the gates; the reason goes into the commit (Gates-Skipped:)"
                        + " and the merge request.")
        String skipReason;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    GatesChoice gatesChoice = new GatesChoice();

    @Mixin
    OutsideWindowOption outsideWindow;

    @Spec
    CommandSpec spec;

    @Mixin
    EnvironmentsOption environments;

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() throws Exception {
        if (from.equals(to)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--from " + from + " --to " + to + ": an environment is promoted from another one, e.g. --from"
                            + " staging --to production");
        }
        boolean gatesOnly = gatesChoice.gatesOnly;
        String skipReason = gatesChoice.skipReason;
        if (skipReason != null && skipReason.isBlank()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--skip-gates: give the reason, e.g. "
                            + "--skip-gates \"hotfix for INC-123, approved by on-call\"");
        }
        Promotion.Gates gates = skipReason == null
                ? new Promotion.Gates.Evaluate(prometheus.client())
                : new Promotion.Gates.Skip(skipReason);
        Promotion promotion =
                Promotion.of(environments.folder, from, to, Optional.ofNullable(expectedSourceCommit), gates);
        PromotionWorkflow.Request request = new PromotionWorkflow.Request(
                repository.branchOr(promotion.branch()),
                gatesOnly,
                Instant.now(),
                outsideWindow.reason(),
                Optional.ofNullable(artifactFile),
                repository.origin(),
                repository.dryRun);
        PrintWriter out = spec.commandLine().getOut();
        try (ConfigRemote config = repository.open()) {
            new PromotionWorkflow(promotion, from)
                    .run(request, config, () -> repository.publisher(config), out::println)
                    .delivered()
                    .ifPresent(outcome -> outcome.printTo(out));
            return ExitCode.OK.code();
        }
    }
}
