package io.slipway.gitops.cli;

import io.slipway.gitops.TerminalText;
import io.slipway.gitops.failure.CommandNames;
import io.slipway.gitops.failure.Concluded;
import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.promote.AlertmanagerClient;
import io.slipway.gitops.promote.PrometheusClient;
import io.slipway.gitops.promote.PromotionRefused;
import io.slipway.gitops.promote.ReleaseWatch;
import io.slipway.gitops.promote.WatchAlert;
import io.slipway.gitops.promote.WatchWorkflow;
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
        name = CommandNames.WATCH,
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
        PrintWriter out = spec.commandLine().getOut();
        WatchWorkflow.Request request = new WatchWorkflow.Request(
                repository.branchOr(watch.values().publish().branch()),
                Optional.ofNullable(revision),
                rolloutDeadline != null
                        ? rolloutDeadline
                        : watch.values().releaseWatch().rolloutDeadline(),
                !noRollback,
                repository.origin(),
                repository.dryRun);
        Optional<WatchAlert> alert = alertmanager(watch);
        try (ConfigRemote config = repository.open()) {
            WatchWorkflow.Result result = new WatchWorkflow(watch, config, alert, line -> {
                        out.println(line);
                        out.flush(); // progress reaches a CI log as it happens, not when the job ends
                    })
                    .run(request, () -> repository.publisher(config));
            result.out().forEach(out::println);
            result.warnings().forEach(spec.commandLine().getErr()::println);
            if (result.exit() != ExitCode.OK) {
                throw new Concluded(result.exit(), result.reasons());
            }
            return ExitCode.OK.code();
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
}
