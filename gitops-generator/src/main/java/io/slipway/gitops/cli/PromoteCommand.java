package io.slipway.gitops.cli;

import io.slipway.gitops.Generator;
import io.slipway.gitops.promote.PrometheusClient;
import io.slipway.gitops.promote.PromotionGates;
import io.slipway.gitops.promote.Verdict;
import io.slipway.gitops.publish.ConfigRepository;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.Delivery;
import io.slipway.gitops.publish.FolderVerification;
import io.slipway.gitops.publish.Provenance;
import io.slipway.gitops.publish.PublishFailure;
import io.slipway.gitops.values.EnvironmentValues;
import io.slipway.gitops.values.ValuesLoader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.revwalk.RevCommit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code promote}: ship to one environment exactly the artifact another environment runs. */
@Command(
        name = "promote",
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

    @Option(
            names = "--prometheus-url",
            paramLabel = "URL",
            defaultValue = "$${env:PROMETHEUS_URL:-}",
            description =
                    "Prometheus the gates query (default: $PROMETHEUS_URL; a bearer token from $PROMETHEUS_TOKEN).")
    String prometheusUrl;

    @Option(
            names = "--gates-only",
            description = "Evaluate and print the promotion gates; publish nothing (exit 0 or 9).")
    boolean gatesOnly;

    @Option(
            names = "--skip-gates",
            converter = TrailerValue.class,
            paramLabel = "REASON",
            description = "Promote without evaluating the gates; the reason goes into the commit (Gates-Skipped:) and "
                    + "the merge request.")
    String skipReason;

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
        if (gatesOnly && skipReason != null) {
            throw new ParameterException(spec.commandLine(), "--gates-only and --skip-gates exclude each other");
        }
        if (skipReason != null && skipReason.isBlank()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--skip-gates: give the reason, e.g. "
                            + "--skip-gates \"hotfix for INC-123, approved by on-call\"");
        }
        EnvironmentValues target = new ValuesLoader(environments.folder).load(to);
        String branch = repository.branchOr(target.publish().branch());
        Optional<PrometheusClient> prometheus = skipReason == null ? Optional.of(prometheus()) : Optional.empty();
        FolderVerification verification = FolderVerification.load(environments.folder);
        try (ConfigRepository config = repository.open()) {
            // The source folder's last change is looked up (its history fetched) only where it must be signed.
            RevCommit tip = config.fetch(branch, verification.signingRequired(from))
                    .orElseThrow(() -> new PublishFailure(
                            PublishFailure.Kind.INVALID,
                            "branch " + branch + " does not exist in the config repository; publish " + from
                                    + " first"));
            String sourceFolder = "apps/" + target.appName() + "/" + from;
            Map<String, byte[]> files = config.readFolder(tip, sourceFolder);
            if (!files.containsKey(Provenance.FILE)) {
                throw new PublishFailure(
                        PublishFailure.Kind.INVALID,
                        sourceFolder + "/" + Provenance.FILE + " not found on " + branch + "; publish " + from
                                + " first");
            }
            List<String> tampered = verification.check(config, tip, sourceFolder, files);
            if (!tampered.isEmpty()) {
                tampered.forEach(spec.commandLine().getErr()::println);
                throw new PublishFailure(
                        PublishFailure.Kind.TAMPERED,
                        "promote refused: " + sourceFolder
                                + " does not hold what Slipway published, signed as its environment requires (see verify); "
                                + "nothing was pushed");
            }
            Provenance tested = Provenance.fromJson(files.get(Provenance.FILE));
            if (tested.digest().isEmpty()) {
                throw new PublishFailure(
                        PublishFailure.Kind.INVALID,
                        from + " runs " + tested.image()
                                + ", which is not pinned by digest; only digest-pinned artifacts are promoted");
            }
            if (expectedSourceCommit != null && !isSameCommit(expectedSourceCommit, tested.sourceCommit())) {
                throw new PublishFailure(
                        PublishFailure.Kind.UNEXPECTED_SOURCE,
                        "promote refused: " + from
                                + " runs source commit " + tested.sourceCommit() + " (" + tested.image()
                                + "), not the expected "
                                + expectedSourceCommit + "; nothing was pushed");
            }
            Optional<Verdict> verdict = prometheus.isPresent()
                    ? Optional.of(evaluateGates(target, tested, prometheus.get()))
                    : Optional.empty();
            if (gatesOnly) {
                return ExitCode.OK.code();
            }
            if (artifactFile != null) {
                Files.writeString(
                        artifactFile,
                        "IMAGE_REF=" + tested.image() + "\nIMAGE_DIGEST=" + tested.digest() + "\nSOURCE_COMMIT="
                                + tested.sourceCommit() + "\n",
                        StandardCharsets.UTF_8);
            }
            Generator.Release release =
                    new Generator(environments.folder).render(to, tested.image(), tested.sourceCommit());
            Delivery delivery = Deliveries.forRelease(release, repository.origin(), branch, repository.dryRun);
            delivery = verdict.isPresent()
                    ? delivery.with(evidence(verdict.get()), List.of())
                    : delivery.with(
                            List.of("Promotion gates skipped: " + skipReason), List.of("Gates-Skipped: " + skipReason));
            return RepositoryOptions.report(
                    spec.commandLine().getOut(), repository.publisher(config).deliver(delivery));
        }
    }

    /**
     * The gates of the target environment, measured in the source environment; prints the table,
     * and refuses (exit 9, one line per failed gate) unless every gate passed.
     */
    private Verdict evaluateGates(EnvironmentValues target, Provenance tested, PrometheusClient prometheus)
            throws Exception {
        EnvironmentValues source = new ValuesLoader(environments.folder).load(from);
        Verdict verdict = new PromotionGates(
                        source.namespace(), tested.digest(), source.minReplicas(), target.promotionGates())
                .evaluate(prometheus);
        spec.commandLine()
                .getOut()
                .println("promotion gates for " + tested.digest() + " in " + from + " (" + source.namespace()
                        + "), thresholds of " + to + ":");
        spec.commandLine().getOut().print(verdict.table());
        if (!verdict.passed()) {
            verdict.failures().forEach(spec.commandLine().getErr()::println);
            throw new PublishFailure(
                    PublishFailure.Kind.GATES,
                    "promote refused: " + verdict.failed() + " of "
                            + verdict.results().size() + " promotion gates failed; nothing was pushed");
        }
        return verdict;
    }

    /** The Prometheus the gates ask, refused before anything is fetched when it is missing or not an http(s) URL. */
    private PrometheusClient prometheus() throws PublishFailure {
        if (prometheusUrl == null || prometheusUrl.isBlank()) {
            throw new PublishFailure(
                    PublishFailure.Kind.GATES,
                    "promote refused: the promotion gates need Prometheus: set "
                            + "PROMETHEUS_URL (and PROMETHEUS_TOKEN if it wants one) or pass --prometheus-url, or override with "
                            + "--skip-gates REASON; nothing was pushed");
        }
        PrometheusClient prometheus;
        try {
            prometheus = new PrometheusClient(
                    new URI(prometheusUrl),
                    Optional.ofNullable(SlipwayGitops.environment(spec).get("PROMETHEUS_TOKEN")));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--prometheus-url " + prometheusUrl + ": "
                            + (e instanceof URISyntaxException syntax
                                    ? "not a URL (" + syntax.getReason() + ")"
                                    : e.getMessage()));
        }
        return prometheus;
    }

    private List<String> evidence(Verdict verdict) {
        List<String> lines = new ArrayList<>(List.of("Promotion gates, measured in " + from + ":"));
        lines.addAll(verdict.evidence());
        return lines;
    }

    /** The same commit: equal ignoring case, or {@code expected} an unambiguous-enough abbreviation of it. */
    static boolean isSameCommit(String expected, String recorded) {
        String e = expected.trim().toLowerCase(Locale.ROOT);
        return recorded.toLowerCase(Locale.ROOT).startsWith(e);
    }
}
