package io.slipway.gitops.promote;

import io.slipway.gitops.Generator;
import io.slipway.gitops.failure.SlipwayFailure;
import io.slipway.gitops.publish.ConfigRemote;
import io.slipway.gitops.publish.ConfigSnapshot;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.Deliveries.Origin;
import io.slipway.gitops.publish.Delivery;
import io.slipway.gitops.publish.FolderVerification;
import io.slipway.gitops.publish.Provenance;
import io.slipway.gitops.publish.PublishFailure;
import io.slipway.gitops.publish.PublishedFolder;
import io.slipway.gitops.publish.Publisher;
import io.slipway.gitops.values.EnvironmentValues;
import io.slipway.gitops.values.ValuesLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Ships to one environment exactly the artifact another runs, once the source's evidence holds: its
 * folder is what Slipway published (signed where required), its artifact is digest-pinned and built
 * from the expected commit, and the target's gates pass on the source. {@link #check} establishes
 * that evidence and touches nothing; {@link Checked#deliver} renders the target for that artifact and
 * delivers it through the target's publish mode, with the evidence in the commit.
 */
public final class Promotion {

    /** Whether the gates are evaluated (on this Prometheus) or skipped, with the reason recorded in the commit. */
    public sealed interface Gates {
        /**
         * Evaluate the target's gates on the source environment, through this Prometheus; none
         * configured is refused by {@link #check} before anything is fetched (and after the windows:
         * a frozen target is the first thing said).
         */
        record Evaluate(Optional<? extends PrometheusQueries> prometheus) implements Gates {}

        /** Promote without evaluating them; {@code reason} goes into the commit ({@code Gates-Skipped:}). */
        record Skip(String reason) implements Gates {}
    }

    private final Path environments;
    private final String from;
    private final EnvironmentValues target;
    private final Optional<String> expectedSourceCommit;
    private final Gates gates;
    /** What the commit records of a promotion outside the target's windows: evidence lines, then trailers. */
    private final List<String> windowEvidence;

    private final List<String> windowTrailers;

    private Promotion(
            Path environments,
            String from,
            EnvironmentValues target,
            Optional<String> expectedSourceCommit,
            Gates gates,
            List<String> windowEvidence,
            List<String> windowTrailers) {
        this.environments = environments;
        this.from = from;
        this.target = target;
        this.expectedSourceCommit = expectedSourceCommit;
        this.gates = gates;
        this.windowEvidence = windowEvidence;
        this.windowTrailers = windowTrailers;
    }

    /** A promotion {@code from} one environment {@code to} another, of the values in {@code environments}. */
    public static Promotion of(
            Path environments, String from, String to, Optional<String> expectedSourceCommit, Gates gates)
            throws SlipwayFailure {
        return new Promotion(
                environments,
                from,
                new ValuesLoader(environments).load(to),
                expectedSourceCommit,
                gates,
                List.of(),
                List.of());
    }

    /**
     * This promotion, allowed at {@code now} by the target's {@code promotion.windows}. Outside them it
     * is refused with the next opening, unless {@code override} gives the reason to promote anyway,
     * which the commit then records ({@code Window-Override:}).
     */
    public Promotion inWindow(Instant now, Optional<String> override) throws PromotionRefused {
        WindowPermit permit = WindowPermit.check("promote", target, now, override);
        if (permit.trailers().isEmpty()) {
            return this;
        }
        return new Promotion(
                environments, from, target, expectedSourceCommit, gates, permit.evidence(), permit.trailers());
    }

    /** The environment promoted to. */
    public String target() {
        return target.environment();
    }

    /** The config-repository branch the target's values publish to. */
    public String branch() {
        return target.publish().branch();
    }

    /**
     * The evidence, from {@code branch} of {@code config}: refuses (nothing touched) when the source
     * folder is missing, changed outside Slipway, not digest-pinned or built from another commit than
     * expected. The gates' verdict is returned whether or not it passed: {@link Checked#requirePassed}.
     */
    public Checked check(ConfigRemote config, String branch) throws SlipwayFailure {
        if (gates instanceof Gates.Evaluate evaluate && evaluate.prometheus().isEmpty()) {
            throw new PromotionRefused(
                    PromotionRefused.Kind.GATES,
                    "promote refused: the promotion gates need Prometheus: set PROMETHEUS_URL (and"
                            + " PROMETHEUS_TOKEN if it wants one) or pass --prometheus-url, or override with"
                            + " --skip-gates REASON; nothing was pushed");
        }
        FolderVerification verification = FolderVerification.load(environments);
        // The source folder's last change is looked up (its history fetched) only where it must be signed.
        ConfigSnapshot tip = config.fetch(branch, verification.signingRequired(from))
                .orElseThrow(() -> new PublishFailure(
                        PublishFailure.Kind.INVALID,
                        "branch " + branch + " does not exist in the config repository; publish " + from + " first"));
        String sourceFolder = "apps/" + target.appName() + "/" + from;
        PublishedFolder published = PublishedFolder.read(tip, sourceFolder);
        if (!published.isPublished()) {
            throw new PublishFailure(
                    PublishFailure.Kind.INVALID,
                    sourceFolder + "/" + Provenance.FILE + " not found on " + branch + "; publish " + from + " first");
        }
        published.verified(
                verification,
                tampered -> new PromotionRefused(
                        PromotionRefused.Kind.TAMPERED,
                        tampered,
                        "promote refused: " + sourceFolder
                                + " does not hold what Slipway published, signed as its environment requires (see"
                                + " verify); nothing was pushed"));
        published.pinnedDigest(tested -> from + " runs " + tested.image()
                + ", which is not pinned by digest; only digest-pinned artifacts are promoted");
        Provenance tested = published.provenance();
        if (expectedSourceCommit.isPresent() && !isSameCommit(expectedSourceCommit.get(), tested.sourceCommit())) {
            throw new PromotionRefused(
                    PromotionRefused.Kind.UNEXPECTED_SOURCE,
                    "promote refused: " + from + " runs source commit " + tested.sourceCommit() + " ("
                            + tested.image() + "), not the expected " + expectedSourceCommit.get()
                            + "; nothing was pushed");
        }
        if (gates instanceof Gates.Evaluate evaluate) {
            EnvironmentValues source = new ValuesLoader(environments).load(from);
            Verdict verdict = new PromotionGates(
                            source.namespace(), tested.digest(), source.minReplicas(), target.promotionGates())
                    .evaluate(evaluate.prometheus().orElseThrow());
            return new Checked(tested, Optional.of(verdict), source.namespace());
        }
        return new Checked(tested, Optional.empty(), "");
    }

    /** What {@link #check} found: the artifact the source runs and, unless skipped, the gates' verdict on it. */
    public final class Checked {
        private final Provenance tested;
        private final Optional<Verdict> verdict;
        private final String sourceNamespace;

        private Checked(Provenance tested, Optional<Verdict> verdict, String sourceNamespace) {
            this.tested = tested;
            this.verdict = verdict;
            this.sourceNamespace = sourceNamespace;
        }

        public Provenance tested() {
            return tested;
        }

        public Optional<Verdict> verdict() {
            return verdict;
        }

        /** The source environment's namespace, where the gates were measured (empty when they were skipped). */
        public String sourceNamespace() {
            return sourceNamespace;
        }

        /** Refuses (exit 9, one line per failed gate) unless every gate passed or they were skipped. */
        public void requirePassed() throws PromotionRefused {
            if (verdict.isPresent() && !verdict.get().passed()) {
                throw new PromotionRefused(
                        PromotionRefused.Kind.GATES,
                        verdict.get().failures(),
                        "promote refused: " + verdict.get().failed() + " of "
                                + verdict.get().results().size() + " promotion gates failed; nothing was pushed");
            }
        }

        /** Renders the target for the tested artifact and delivers it through {@code publisher}, the evidence in the commit. */
        public Publisher.Outcome deliver(Publisher publisher, Origin origin, String branch, boolean dryRun)
                throws SlipwayFailure {
            requirePassed();
            Generator.Release release =
                    new Generator(environments).render(target.environment(), tested.image(), tested.sourceCommit());
            Delivery delivery = Deliveries.forRelease(release, origin, branch, dryRun);
            if (gates instanceof Gates.Skip skip) {
                delivery = delivery.with(
                        List.of("Promotion gates skipped: " + skip.reason()),
                        List.of("Gates-Skipped: " + skip.reason()));
            } else {
                delivery = delivery.with(evidence(verdict.orElseThrow()), List.of());
            }
            return publisher.deliver(delivery.with(windowEvidence, windowTrailers));
        }

        private List<String> evidence(Verdict verdict) {
            List<String> lines = new ArrayList<>(List.of("Promotion gates, measured in " + from + ":"));
            lines.addAll(verdict.evidence());
            return lines;
        }
    }

    /** The same commit: equal ignoring case, or {@code expected} an unambiguous-enough abbreviation of it. */
    static boolean isSameCommit(String expected, String recorded) {
        String e = expected.trim().toLowerCase(Locale.ROOT);
        return recorded.toLowerCase(Locale.ROOT).startsWith(e);
    }
}
