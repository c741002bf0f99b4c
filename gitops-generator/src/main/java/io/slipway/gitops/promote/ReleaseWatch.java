package io.slipway.gitops.promote;

import io.slipway.gitops.failure.SlipwayFailure;
import io.slipway.gitops.publish.ConfigRemote;
import io.slipway.gitops.publish.ConfigSnapshot;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.FolderVerification;
import io.slipway.gitops.publish.Provenance;
import io.slipway.gitops.publish.PublishFailure;
import io.slipway.gitops.values.EnvironmentValues;
import io.slipway.gitops.values.ValuesLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Verifies a release where it runs: waits until every ready pod of the environment runs the digest
 * its folder names, lets it soak, then measures the environment's own gates on it. What to do with
 * a regression is {@link AutomaticRollback}'s.
 */
public final class ReleaseWatch {

    /** How many changes back {@link AutomaticRollback} looks for a state to restore. */
    static final int HISTORY = 50;

    /**
     * The release the folder holds: its last change and the files and provenance it wrote.
     *
     * @param change the commit that last changed the folder
     */
    public record Release(String folder, ConfigSnapshot change, Map<String, byte[]> files, Provenance provenance) {

        public String digest() {
            return provenance.digest();
        }

        /** {@code sha256:} and the digest's first 12 hex digits, as messages show it. */
        public String shortDigest() {
            return shortened(provenance.digest());
        }
    }

    /** {@code sha256:} and the first 12 hex digits of a digest. */
    static String shortened(String digest) {
        return digest.substring(0, Math.min(digest.length(), "sha256:".length() + 12));
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
    private final PrometheusClient prometheus;
    private final Duration interval;

    private ReleaseWatch(Path environments, EnvironmentValues values, PrometheusClient prometheus, Duration interval) {
        this.environments = environments;
        this.values = values;
        this.prometheus = prometheus;
        this.interval = interval;
    }

    /**
     * A watch of {@code environment} (of the values in {@code environments}) through {@code prometheus},
     * asking every {@code interval} while it waits for the rollout.
     */
    public static ReleaseWatch of(Path environments, String environment, PrometheusClient prometheus, Duration interval)
            throws SlipwayFailure {
        return new ReleaseWatch(environments, new ValuesLoader(environments).load(environment), prometheus, interval);
    }

    public EnvironmentValues values() {
        return values;
    }

    /**
     * The release the environment's folder holds on {@code branch}, fetched with its history.
     * Refuses a folder that is missing, not what Slipway published, or not pinned by digest.
     */
    public Release release(ConfigRemote config, String branch) throws SlipwayFailure {
        String folder = Deliveries.folder(values);
        ConfigSnapshot tip = config.fetch(branch, true)
                .orElseThrow(() -> new PublishFailure(
                        PublishFailure.Kind.INVALID, "branch " + branch + " does not exist in the config repository"));
        Map<String, byte[]> files = tip.readFolder(folder);
        if (!files.containsKey(Provenance.FILE)) {
            throw new PublishFailure(
                    PublishFailure.Kind.INVALID, folder + " is not published on " + branch + ": nothing to watch");
        }
        List<String> problems = FolderVerification.load(environments).check(tip, folder, files);
        if (!problems.isEmpty()) {
            throw new PromotionRefused(
                    PromotionRefused.Kind.TAMPERED,
                    problems,
                    "watch refused: " + folder + " does not hold what Slipway published (see verify)");
        }
        Provenance provenance = Provenance.fromJson(files.get(Provenance.FILE));
        if (provenance.digest().isEmpty()) {
            throw new PublishFailure(
                    PublishFailure.Kind.INVALID,
                    folder + " runs " + provenance.image()
                            + ", which is not pinned by digest: no pod can be said to run it");
        }
        return new Release(folder, tip.history(folder, 1).get(0), files, provenance);
    }

    /**
     * Waits until every ready pod runs the release (at least the environment's minimum replica
     * count on its digest, none on another build), asking every interval, at most {@code deadline}.
     * Returns whether it did; {@code progress} hears each look.
     */
    public boolean awaitRollout(Release release, Duration deadline, Consumer<String> progress)
            throws InterruptedException {
        String on = PromotionGates.podsOn(values.namespace(), release.digest()) + " or vector(0)";
        String others = PromotionGates.podsOnOtherBuilds(values.namespace(), release.digest()) + " or vector(0)";
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            String seen;
            try {
                OptionalDouble onDigest = prometheus.query(on);
                OptionalDouble elsewhere = prometheus.query(others);
                double running = onDigest.orElse(0);
                double rest = elsewhere.orElse(0);
                if (running >= values.minReplicas() && rest == 0) {
                    progress.accept("rolled out: " + Verdict.number(running) + " ready pod(s) of " + values.namespace()
                            + " run " + release.shortDigest());
                    return true;
                }
                seen = Verdict.number(running) + " ready pod(s) on "
                        + release.shortDigest() + " (needs " + values.minReplicas() + "), "
                        + Verdict.number(rest) + " on other builds";
            } catch (PrometheusClient.Unavailable e) {
                seen = e.getMessage();
            }
            if (System.nanoTime() - end >= 0) {
                progress.accept("not rolled out within " + deadline.toSeconds() + " s: " + seen);
                return false;
            }
            progress.accept("waiting for the rollout: " + seen);
            Thread.sleep(Math.min(interval.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
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
        long start = System.nanoTime();
        for (Duration elapsed = Duration.ZERO; elapsed.compareTo(whole) < 0; elapsed = since(start)) {
            Thread.sleep(Math.max(
                    1, Math.min(interval.toMillis(), whole.minus(elapsed).toMillis())));
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

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** What a verdict on the release says of it. */
    public static Outcome outcome(Verdict verdict) {
        return verdict.passed()
                ? Outcome.HEALTHY
                : verdict.regressed() && verdict.judgeable() ? Outcome.REGRESSED : Outcome.INCONCLUSIVE;
    }
}
