package io.slipway.gitops.promote;

import io.slipway.gitops.failure.Concluded;
import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.failure.SlipwayFailure;
import io.slipway.gitops.publish.ConfigRemote;
import io.slipway.gitops.publish.Deliveries.Origin;
import io.slipway.gitops.publish.Publisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code watch} from the release to its conclusion: reads the release the folder holds, waits for
 * its rollout, soaks and measures it, alerts, and rolls a regression back where the environment
 * allows it. Every decision is here; the command parses, runs this and prints the {@link Result}.
 */
public final class WatchWorkflow {

    /**
     * What to watch and how.
     *
     * @param revision        the config-repository commit Argo CD synced; empty: the branch's tip
     * @param rolloutDeadline how long every pod may take to run the release
     * @param rollbackAllowed false for {@code --no-rollback}; the environment's own setting applies otherwise
     */
    public record Request(
            String branch,
            Optional<String> revision,
            Duration rolloutDeadline,
            boolean rollbackAllowed,
            Origin origin,
            boolean dryRun) {}

    /**
     * How the watch ended.
     *
     * @param out      its last lines for stdout: the verdict, a rollback's result
     * @param warnings lines for stderr that do not change the status (an alert that was not sent)
     * @param reasons  why it did not succeed, for stderr; empty exactly when {@code exit} is OK
     */
    public record Result(ExitCode exit, List<String> out, List<String> warnings, List<String> reasons) {

        public Result {
            out = List.copyOf(out);
            warnings = List.copyOf(warnings);
            reasons = List.copyOf(reasons);
        }
    }

    private final ReleaseWatch watch;
    private final ConfigRemote config;
    private final Optional<WatchAlert> alert;
    private final Consumer<String> progress;

    /** {@code progress} hears what the watch sees as it goes, for a CI log to show at once. */
    public WatchWorkflow(
            ReleaseWatch watch, ConfigRemote config, Optional<WatchAlert> alert, Consumer<String> progress) {
        this.watch = watch;
        this.config = config;
        this.alert = alert;
        this.progress = progress;
    }

    public Result run(Request request, PublisherSource publisher) throws SlipwayFailure, InterruptedException {
        String environment = watch.values().environment();
        ReleaseWatch.Release release = watch.release(config, request.branch(), request.revision());
        progress.accept("watching " + release.folder() + " at "
                + release.change().shortId() + ": " + release.provenance().image());
        List<String> warnings = new ArrayList<>();
        ReleaseWatch.Rollout rollout = watch.awaitRollout(release, request.rolloutDeadline(), progress);
        if (rollout.state() != ReleaseWatch.RolloutState.ROLLED_OUT) {
            fire(false, rollout.line(), release, warnings);
            return new Result(
                    rollout.state() == ReleaseWatch.RolloutState.NOT_ROLLED_OUT
                            ? ExitCode.NOT_ROLLED_OUT
                            : ExitCode.GATES_FAILED,
                    List.of(),
                    warnings,
                    List.of(rollout.line()));
        }
        progress.accept("soaking for " + watch.values().promotionGates().soak() + ", then measuring the gates of "
                + environment);
        Verdict verdict = watch.soak(release, progress);
        verdict.table().lines().forEach(progress);
        ReleaseWatch.Outcome outcome = ReleaseWatch.outcome(verdict);
        String said = said(outcome, release, verdict);
        Optional<String> superseded = watch.superseded(config, request.branch(), release);
        List<String> reasons =
                new ArrayList<>(outcome == ReleaseWatch.Outcome.HEALTHY ? List.of() : verdict.failures());
        if (superseded.isPresent()) {
            reasons.add(said + "; but " + superseded.get() + "; nothing was rolled back");
            return new Result(ExitCode.SUPERSEDED, List.of(), warnings, reasons);
        }
        switch (outcome) {
            case HEALTHY -> {
                alert.flatMap(a -> a.resolve(said, release.provenance().image()))
                        .ifPresent(problem -> warnings.add("warning: the watch's alert was not resolved: " + problem));
                return new Result(ExitCode.OK, List.of(said), warnings, List.of());
            }
            case INCONCLUSIVE -> {
                fire(false, said, release, warnings);
                reasons.add(said + ": not enough to judge it by (Prometheus's answers, the traffic, every pod on it;"
                        + " see above); nothing was rolled back");
                return new Result(ExitCode.GATES_FAILED, List.of(), warnings, reasons);
            }
            default -> {
                fire(true, said, release, warnings);
                return regressed(request, release, verdict, said, publisher, warnings, reasons);
            }
        }
    }

    /** The verdict in words, the first part of its line. */
    private String said(ReleaseWatch.Outcome outcome, ReleaseWatch.Release release, Verdict verdict) {
        String environment = watch.values().environment();
        return switch (outcome) {
            case HEALTHY ->
                "healthy: " + environment + " runs " + release.shortDigest() + " on every ready pod and"
                        + " passes its " + verdict.results().size() + " gates";
            case INCONCLUSIVE -> "no verdict on " + release.shortDigest() + " in " + environment;
            case REGRESSED ->
                "regressed: " + environment + " on " + release.shortDigest() + " ("
                        + String.join("; ", verdict.regressions()) + ")";
        };
    }

    /** A regression: rolled back where the environment and the request allow it and a state to restore exists. */
    private Result regressed(
            Request request,
            ReleaseWatch.Release release,
            Verdict verdict,
            String said,
            PublisherSource publisher,
            List<String> warnings,
            List<String> reasons)
            throws SlipwayFailure {
        String environment = watch.values().environment();
        if (!request.rollbackAllowed() || !watch.values().releaseWatch().automaticRollback()) {
            reasons.add(said + "; not rolled back ("
                    + (request.rollbackAllowed()
                            ? "promotion.rollback.automatic is off for " + environment
                            : "--no-rollback")
                    + "); roll back with: slipway-gitops rollback --env " + environment);
            return new Result(ExitCode.REGRESSED, List.of(), warnings, reasons);
        }
        AutomaticRollback rollback = new AutomaticRollback(watch.environments(), watch.values());
        AutomaticRollback.Choice choice = rollback.choose(release);
        if (choice.restoration().isEmpty()) {
            reasons.add(said + "; " + choice.reason());
            return new Result(ExitCode.REGRESSED, List.of(), warnings, reasons);
        }
        if (!choice.reason().isEmpty()) {
            reasons.add("note: " + choice.reason());
        }
        Rollback.Restoration restoration = choice.restoration().get();
        reasons.add(said + "; rolling back to the folder as of "
                + restoration.commit().abbreviate(12).name());
        Publisher.Outcome delivered;
        try {
            delivered = rollback.deliver(
                    restoration,
                    release,
                    verdict,
                    publisher.open(),
                    request.origin(),
                    request.branch(),
                    request.dryRun());
        } catch (SlipwayFailure e) {
            // The rollback failed (a signing key, the remote): its own status, after what led to it.
            List<String> lines = new ArrayList<>(warnings);
            lines.addAll(reasons);
            lines.addAll(e.lines(true));
            throw new Concluded(e.exitCode(), lines);
        }
        List<String> out = new ArrayList<>();
        if (!delivered.preview().isEmpty()) {
            out.add(delivered.preview().stripTrailing());
        }
        out.add(delivered.message());
        return new Result(ExitCode.REGRESSED, out, warnings, reasons);
    }

    private void fire(boolean regressed, String said, ReleaseWatch.Release release, List<String> warnings) {
        alert.flatMap(a -> a.fire(regressed, said, release.provenance().image()))
                .ifPresent(problem -> warnings.add("warning: the watch's alert was not sent: " + problem));
    }
}
