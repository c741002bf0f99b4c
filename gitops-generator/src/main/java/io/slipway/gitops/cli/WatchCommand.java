package io.slipway.gitops.cli;

import io.slipway.gitops.TerminalText;
import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.promote.AlertmanagerClient;
import io.slipway.gitops.promote.AutomaticRollback;
import io.slipway.gitops.promote.PrometheusClient;
import io.slipway.gitops.promote.PromotionRefused;
import io.slipway.gitops.promote.ReleaseWatch;
import io.slipway.gitops.promote.Verdict;
import io.slipway.gitops.promote.WatchAlert;
import io.slipway.gitops.publish.ConfigRemote;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code watch}: verify the release an environment's folder names where it runs, and roll it back when it regresses. */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = "Wait until every ready pod of the environment runs the digest its folder names, let it soak for"
                + " the environment's promotion.gates.soak, then measure the environment's own gates on it and print"
                + " the verdict. A regression (a failed 5xx, latency or restart gate) is rolled back where"
                + " promotion.rollback.automatic is on: the previous verified state as a new signed commit through"
                + " publish.mode, never over a newer release, never a rollback of a rollback.")
final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--env", required = true, paramLabel = "NAME", description = "Environment to watch.")
    String environment;

    @Option(
            names = "--rollout-deadline",
            converter = DurationValue.class,
            paramLabel = "DURATION",
            description = "How long every pod may take to run the release (default: promotion.rolloutDeadline).")
    Duration rolloutDeadline;

    @Option(
            names = "--interval",
            converter = DurationValue.class,
            paramLabel = "DURATION",
            defaultValue = "15s",
            description = "How often Prometheus is asked while the rollout goes on (default: 15s).")
    Duration interval;

    @Option(
            names = "--revision",
            converter = TrailerValue.CommitId.class,
            paramLabel = "COMMIT",
            description = "The config-repository commit Argo CD synced (its on-deployed notification names it): watch"
                    + " the release as of that commit; exit 15 when a newer one is merged since (default: the"
                    + " branch's tip).")
    String revision;

    @Option(
            names = "--no-rollback",
            description = "Report a regression without rolling it back, whatever promotion.rollback.automatic says.")
    boolean noRollback;

    @Option(
            names = "--alertmanager-url",
            paramLabel = "URL",
            defaultValue = "$${env:ALERTMANAGER_URL:-}",
            description = "Alertmanager to send SlipwayReleaseWatchFailed to when the watch fails (resolved when it"
                    + " is healthy), routed like the environment's other alerts (default: $ALERTMANAGER_URL; none:"
                    + " no alert).")
    String alertmanagerUrl;

    @Mixin
    EnvironmentsOption environments;

    @Mixin
    PrometheusOption prometheus;

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() throws Exception {
        PrometheusClient client = prometheus
                .client()
                .orElseThrow(() -> new PromotionRefused(
                        PromotionRefused.Kind.GATES,
                        "watch needs Prometheus: set PROMETHEUS_URL (and PROMETHEUS_TOKEN if it wants one) or pass"
                                + " --prometheus-url"));
        ReleaseWatch watch = ReleaseWatch.of(environments.folder, environment, client, interval);
        Optional<WatchAlert> alert = alertmanager(watch);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String branch = repository.branchOr(watch.values().publish().branch());
        try (ConfigRemote config = repository.open()) {
            ReleaseWatch.Release release = watch.release(config, branch, Optional.ofNullable(revision));
            out.println("watching " + release.folder() + " at "
                    + release.change().shortId() + ": " + release.provenance().image());
            Duration deadline = rolloutDeadline != null
                    ? rolloutDeadline
                    : watch.values().releaseWatch().rolloutDeadline();
            ReleaseWatch.Rollout rollout = watch.awaitRollout(release, deadline, line -> printNow(out, line));
            switch (rollout.state()) {
                case NOT_ROLLED_OUT -> {
                    err.println(rollout.line());
                    fire(alert, false, rollout.line(), release);
                    return ExitCode.NOT_ROLLED_OUT.code();
                }
                case UNANSWERED -> {
                    err.println(rollout.line());
                    fire(alert, false, rollout.line(), release);
                    return ExitCode.GATES_FAILED.code();
                }
                default -> {
                    // rolled out: soak
                }
            }
            printNow(
                    out,
                    "soaking for " + watch.values().promotionGates().soak() + ", then measuring the gates of "
                            + environment);
            Verdict verdict = watch.soak(release, line -> printNow(out, line));
            out.print(verdict.table());
            out.flush();
            ReleaseWatch.Outcome outcome = ReleaseWatch.outcome(verdict);
            String said = said(outcome, release, verdict);
            Optional<String> superseded = watch.superseded(config, branch, release);
            if (superseded.isPresent()) {
                verdict.failures().forEach(err::println);
                err.println(said + "; but " + superseded.get() + "; nothing was rolled back");
                return ExitCode.SUPERSEDED.code();
            }
            switch (outcome) {
                case HEALTHY -> {
                    out.println(said);
                    alert.flatMap(a -> a.resolve(said, release.provenance().image()))
                            .ifPresent(
                                    problem -> err.println("warning: the watch's alert was not resolved: " + problem));
                    return ExitCode.OK.code();
                }
                case INCONCLUSIVE -> {
                    verdict.failures().forEach(err::println);
                    err.println(
                            said + ": not enough to judge it by (Prometheus's answers, the traffic, every pod on it;"
                                    + " see above); nothing was rolled back");
                    fire(alert, false, said, release);
                    return ExitCode.GATES_FAILED.code();
                }
                default -> {
                    verdict.failures().forEach(err::println);
                    fire(alert, true, said, release);
                    return regressed(watch, release, verdict, config, branch, said);
                }
            }
        }
    }

    /** The alert a failed watch sends, where an Alertmanager is named. */
    private Optional<WatchAlert> alertmanager(ReleaseWatch watch) {
        if (alertmanagerUrl == null || alertmanagerUrl.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new WatchAlert(new AlertmanagerClient(new URI(alertmanagerUrl)), watch.values()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--alertmanager-url " + TerminalText.visible(alertmanagerUrl) + ": not an http:// or https:// URL");
        }
    }

    private void fire(Optional<WatchAlert> alert, boolean regressed, String said, ReleaseWatch.Release release) {
        alert.flatMap(a -> a.fire(regressed, said, release.provenance().image()))
                .ifPresent(problem ->
                        spec.commandLine().getErr().println("warning: the watch's alert was not sent: " + problem));
    }

    /** The verdict in words, the first part of its line. */
    private String said(ReleaseWatch.Outcome outcome, ReleaseWatch.Release release, Verdict verdict) {
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

    private int regressed(
            ReleaseWatch watch,
            ReleaseWatch.Release release,
            Verdict verdict,
            ConfigRemote config,
            String branch,
            String regressed)
            throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (noRollback || !watch.values().releaseWatch().automaticRollback()) {
            err.println(regressed + "; not rolled back ("
                    + (noRollback ? "--no-rollback" : "promotion.rollback.automatic is off for " + environment)
                    + "); roll back with: slipway-gitops rollback --env " + environment);
            return ExitCode.REGRESSED.code();
        }
        AutomaticRollback rollback = new AutomaticRollback(environments.folder, watch.values());
        AutomaticRollback.Choice choice = rollback.choose(release);
        if (choice.restoration().isEmpty()) {
            err.println(regressed + "; " + choice.reason());
            return ExitCode.REGRESSED.code();
        }
        if (!choice.reason().isEmpty()) {
            err.println("note: " + choice.reason());
        }
        err.println(regressed + "; rolling back to the folder as of "
                + choice.restoration().get().commit().abbreviate(12).name());
        rollback.deliver(
                        choice.restoration().get(),
                        release,
                        verdict,
                        repository.publisher(config),
                        repository.origin(),
                        branch,
                        repository.dryRun)
                .printTo(spec.commandLine().getOut());
        return ExitCode.REGRESSED.code();
    }

    /** Progress reaches a CI log as it happens, not when the job ends. */
    private static void printNow(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }
}
