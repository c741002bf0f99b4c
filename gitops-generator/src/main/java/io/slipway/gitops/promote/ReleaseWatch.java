package io.slipway.gitops.promote;

import io.slipway.gitops.failure.SlipwayFailure;
import io.slipway.gitops.publish.ConfigRemote;
import io.slipway.gitops.publish.ConfigSnapshot;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.FolderVerification;
import io.slipway.gitops.publish.Provenance;
import io.slipway.gitops.publish.PublishFailure;
import io.slipway.gitops.publish.PublishedFolder;
import io.slipway.gitops.values.EnvironmentValues;
import io.slipway.gitops.values.ValuesLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Verifies a release where it runs: waits until every ready pod of the environment runs the digest
 * its folder names, lets it soak, then measures the environment's own gates on it. What to do with
 * a regression is {@link AutomaticRollback}'s.
 */
public final class ReleaseWatch {

    /**
     * How many changes of the folder {@link AutomaticRollback} looks back for a state to restore:
     * years of releases (production changes a few times a week), each look a local read of one
     * folder and one signature check on the history already fetched (milliseconds), so the bound
     * never makes a rollback slow. Only a state that verifies is restored; states passed over are
     * counted in the output. Filling the whole bound with unverifiable changes takes a thousand
     * pushes to the protected branch, each of which {@code verify} reports.
     */
    static final int HISTORY = 1000;

    /**
     * The release the folder holds, verified: the folder as read and the commit that last changed it.
     *
     * @param change the commit that last changed the folder
     */
    public record Release(PublishedFolder published, ConfigSnapshot change) {

        public String folder() {
            return published.folder();
        }

        public Map<String, byte[]> files() {
            return published.files();
        }

        public Provenance provenance() {
            return published.provenance();
        }

        public String digest() {
            return provenance().digest();
        }

        /** {@code sha256:} and the digest's first 12 hex digits, as messages show it. */
        public String shortDigest() {
            return shortened(digest());
        }
    }

    /** {@code sha256:} and the first 12 hex digits of a digest. */
    static String shortened(String digest) {
        return digest.substring(0, Math.min(digest.length(), "sha256:".length() + 12));
    }

    /**
     * How the wait for the rollout ended, and the line that says so.
     *
     * @param state what the last look found
     * @param line  what was seen, for the log: the pods found, or why Prometheus could not tell
     */
    public record Rollout(RolloutState state, String line) {}

    /** What the wait for the rollout concluded. */
    public enum RolloutState {
        /** Every ready pod runs the release. */
        ROLLED_OUT,
        /** Prometheus answered: at the deadline, not every ready pod ran the release. */
        NOT_ROLLED_OUT,
        /**
         * Prometheus could not answer the deadline's look (unreachable, silent, an error, a page that is
         * not its API): whether the pods run the release is unknown, which is no verdict, not "not there".
         */
        UNANSWERED
    }

    /** How the watch ended. */
    public enum Outcome {
        /** Every gate passed on the release. */
        HEALTHY,
        /** A health gate failed on a measured value. */
        REGRESSED,
        /** No verdict: Prometheus could not answer, too little traffic, or pods of another build in the window. */
        INCONCLUSIVE
    }

    private final Path environments;
    private final EnvironmentValues values;
    private final PrometheusQueries prometheus;
    private final Duration interval;
    private final Ticker ticker;

    private ReleaseWatch(
            Path environments,
            EnvironmentValues values,
            PrometheusQueries prometheus,
            Duration interval,
            Ticker ticker) {
        this.environments = environments;
        this.values = values;
        this.prometheus = prometheus;
        this.interval = interval;
        this.ticker = ticker;
    }

    /**
     * A watch of {@code environment} (of the values in {@code environments}) through {@code prometheus},
     * asking every {@code interval} while it waits for the rollout, on the system's clocks.
     */
    public static ReleaseWatch of(
            Path environments, String environment, PrometheusQueries prometheus, Duration interval)
            throws SlipwayFailure {
        return of(environments, environment, prometheus, interval, Ticker.SYSTEM);
    }

    /** As {@link #of(Path, String, PrometheusQueries, Duration)}, on {@code ticker}'s time. */
    public static ReleaseWatch of(
            Path environments, String environment, PrometheusQueries prometheus, Duration interval, Ticker ticker)
            throws SlipwayFailure {
        return new ReleaseWatch(
                environments, new ValuesLoader(environments).load(environment), prometheus, interval, ticker);
    }

    /** Where the values were read from: the trusted signers a rollback's history is verified with live there. */
    public Path environments() {
        return environments;
    }

    public EnvironmentValues values() {
        return values;
    }

    /**
     * The release the environment's folder holds on {@code branch}, fetched with its history; with
     * {@code revision} (the config-repository commit Argo CD synced, as its notification names it),
     * the release as of that commit, which the folder on the branch must still hold: a newer release
     * merged after that sync is superseded here (exit 15) and watched when it syncs in turn. Refuses
     * a folder that is missing, not what Slipway published, or not pinned by digest.
     */
    public Release release(ConfigRemote config, String branch, Optional<String> revision) throws SlipwayFailure {
        String folder = Deliveries.folder(values);
        ConfigSnapshot tip = config.fetch(branch, true)
                .orElseThrow(() -> new PublishFailure(
                        PublishFailure.Kind.INVALID, "branch " + branch + " does not exist in the config repository"));
        ConfigSnapshot synced = revision.isPresent() ? config.at(revision.get()) : tip;
        if (!synced.isAncestorOf(tip)) {
            throw new PublishFailure(
                    PublishFailure.Kind.INVALID,
                    "--revision " + revision.orElseThrow() + ": not a commit of " + branch
                            + " in the config repository");
        }
        PublishedFolder published = PublishedFolder.read(synced, folder);
        if (!published.isPublished()) {
            throw new PublishFailure(
                    PublishFailure.Kind.INVALID,
                    folder + " is not published on " + branch + " at " + synced.shortId() + ": nothing to watch");
        }
        if (!published.heldBy(tip)) {
            throw new PublishFailure(
                    PublishFailure.Kind.SUPERSEDED,
                    folder + " changed on " + branch + " since " + synced.shortId() + " (now at " + tip.shortId()
                            + "): a newer release is merged; it is watched when it syncs; nothing was rolled back");
        }
        published.verified(
                FolderVerification.load(environments),
                problems -> new PromotionRefused(
                        PromotionRefused.Kind.TAMPERED,
                        problems,
                        "watch refused: " + folder + " does not hold what Slipway published (see verify)"));
        published.pinnedDigest(provenance -> folder + " runs " + provenance.image()
                + ", which is not pinned by digest: no pod can be said to run it");
        return new Release(published, published.lastChange());
    }

    /**
     * Waits until every ready pod runs the release (at least the environment's minimum replica
     * count on its digest, none on another build), asking every interval, at most {@code deadline}.
     * Not rolled out only on Prometheus's word: a deadline whose last look Prometheus could not
     * answer is {@link RolloutState#UNANSWERED}. {@code progress} hears each look.
     */
    public Rollout awaitRollout(Release release, Duration deadline, Consumer<String> progress)
            throws InterruptedException {
        String on = PromotionGates.podsOn(values.namespace(), release.digest()) + " or vector(0)";
        String others = PromotionGates.podsOnOtherBuilds(values.namespace(), release.digest()) + " or vector(0)";
        long end = ticker.nanoTime() + deadline.toNanos();
        while (true) {
            String seen;
            boolean answered;
            try {
                double running = finite(prometheus.query(on));
                double rest = finite(prometheus.query(others));
                if (running >= values.minReplicas() && rest == 0) {
                    String line = "rolled out: " + Verdict.number(running) + " ready pod(s) of " + values.namespace()
                            + " run " + release.shortDigest();
                    progress.accept(line);
                    return new Rollout(RolloutState.ROLLED_OUT, line);
                }
                answered = true;
                seen = Verdict.number(running) + " ready pod(s) on "
                        + release.shortDigest() + " (needs " + values.minReplicas() + "), "
                        + Verdict.number(rest) + " on other builds";
            } catch (PrometheusQueries.Unavailable e) {
                answered = false;
                seen = e.getMessage();
            }
            if (ticker.nanoTime() - end >= 0) {
                return answered
                        ? new Rollout(
                                RolloutState.NOT_ROLLED_OUT,
                                "not rolled out within " + deadline.toSeconds() + " s: " + seen
                                        + windowNote(ticker.now()))
                        : new Rollout(
                                RolloutState.UNANSWERED,
                                "no verdict on the rollout of " + release.shortDigest() + " within "
                                        + deadline.toSeconds() + " s: " + seen
                                        + "; whether the pods run it is unknown; nothing was rolled back");
            }
            progress.accept("waiting for the rollout: " + seen);
            ticker.sleep(Duration.ofMillis(
                    Math.min(interval.toMillis(), Math.max(1, (end - ticker.nanoTime()) / 1_000_000))));
        }
    }

    /**
     * Why a release may rightly not run yet: the environment is outside its promotion windows, which
     * its Argo CD project's sync windows equal, so it syncs at their next opening. Empty inside them.
     */
    private String windowNote(Instant now) {
        PromotionWindows windows = new PromotionWindows(values.promotionWindows());
        if (windows.isOpen(now)) {
            return "";
        }
        return "; " + values.environment() + " is outside its sync windows now (promotion.windows: "
                + windows.describe() + ")"
                + windows.nextOpening(now)
                        .map(opening -> ": it syncs from " + windows.shown(opening) + " (in "
                                + WindowPermit.until(now, opening) + "), and Argo CD's on-deployed notification"
                                + " starts the watch of that sync")
                        .orElse("");
    }

    /** A pod count Prometheus gave; one that is not a finite number is no answer. */
    private double finite(OptionalDouble count) throws PrometheusQueries.Unavailable {
        double value = count.orElse(0);
        if (!Double.isFinite(value)) {
            throw new PrometheusQueries.Unavailable(
                    "Prometheus at " + prometheus.base() + " counted " + Verdict.number(value) + " pods", null);
        }
        return value;
    }

    /**
     * Where the folder on {@code branch} no longer holds the release watched (a newer release or a
     * rollback landed meanwhile), what it holds now: the verdict is then about a release that no
     * longer runs, and none may act on it. Empty while the folder is unchanged.
     */
    public Optional<String> superseded(ConfigRemote config, String branch, Release release) throws SlipwayFailure {
        Optional<ConfigSnapshot> tip = config.fetch(branch, false);
        if (tip.isPresent() && release.published().heldBy(tip.get())) {
            return Optional.empty();
        }
        return Optional.of(release.folder() + " on " + branch + " changed since "
                + release.change().shortId()
                + " was read" + tip.map(t -> " (now at " + t.shortId() + ")").orElse("")
                + ": this verdict is on a release that no longer runs; watch the folder again");
    }

    /**
     * Lets the release soak for the environment's window (plus one subquery step and one look, so
     * the whole window lies after the rollout), then measures the environment's own gates on it.
     * A regression does not wait for the window's end: from a tenth of it (at least two looks), the
     * gates are measured every interval over the time since the rollout, and a verdict there that
     * is judgeable (enough traffic, every pod on the release) and regressed ends the soak at once —
     * the users meet the regression now, not when the window closes.
     */
    public Verdict soak(Release release, Consumer<String> progress) throws InterruptedException {
        EnvironmentValues.PromotionGates thresholds = values.promotionGates();
        Duration soak = thresholds.soakDuration();
        Duration whole = soak.plus(PromotionGates.resolution(soak)).plus(interval);
        Duration firstLook = max(soak.dividedBy(10), interval.multipliedBy(2));
        long start = ticker.nanoTime();
        for (Duration elapsed = Duration.ZERO; elapsed.compareTo(whole) < 0; elapsed = since(start)) {
            ticker.sleep(Duration.ofMillis(Math.max(
                    1, Math.min(interval.toMillis(), whole.minus(elapsed).toMillis()))));
            Duration now = since(start);
            if (now.compareTo(firstLook) >= 0 && now.compareTo(soak) < 0) {
                Verdict early = gates(release, thresholds.over(now)).evaluate(prometheus);
                if (outcome(early) == Outcome.REGRESSED) {
                    progress.accept("regressed " + now.toSeconds() + " s into the " + thresholds.soak()
                            + " soak: measured over the time since the rollout");
                    return early;
                }
            }
        }
        return gates(release, thresholds).evaluate(prometheus);
    }

    private PromotionGates gates(Release release, EnvironmentValues.PromotionGates thresholds) {
        return new PromotionGates(values.namespace(), release.digest(), values.minReplicas(), thresholds);
    }

    private Duration since(long start) {
        return Duration.ofNanos(ticker.nanoTime() - start);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** What a verdict on the release says of it. */
    public static Outcome outcome(Verdict verdict) {
        // A value that is not finite anywhere in the verdict means Prometheus is broken or lying: none of
        // its answers can start a rollback.
        return verdict.passed()
                ? Outcome.HEALTHY
                : verdict.regressed() && verdict.judgeable() && !verdict.unmeasurable()
                        ? Outcome.REGRESSED
                        : Outcome.INCONCLUSIVE;
    }
}
