package io.slipway.gitops.promote;

import io.slipway.gitops.values.EnvironmentValues;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A failed watch as an alert a person receives: {@code SlipwayReleaseWatchFailed} in the
 * environment's namespace, critical for a regression (the users meet it), a warning when the release
 * did not roll out or could not be judged; routed by the environment's AlertmanagerConfig like the
 * PrometheusRule's alerts, with its runbook. A healthy watch resolves it.
 */
public final class WatchAlert {

    static final String NAME = "SlipwayReleaseWatchFailed";

    /** How long a failure stays firing unless a later watch resolves it: a working day. */
    static final Duration LASTS = Duration.ofHours(12);

    private final AlertmanagerClient alertmanager;
    private final EnvironmentValues values;

    public WatchAlert(AlertmanagerClient alertmanager, EnvironmentValues values) {
        this.alertmanager = alertmanager;
        this.values = values;
    }

    /**
     * Fires the environment's alert for a failed watch ({@code regressed}: critical, else a warning);
     * {@code said} is the verdict's line. Empty when Alertmanager took it, else why not (the watch's
     * own exit status holds either way).
     */
    public Optional<String> fire(boolean regressed, String said, String release) {
        Instant now = Instant.now();
        return post(regressed ? "critical" : "warning", "failed: " + said, release, now, now.plus(LASTS));
    }

    /** Resolves the environment's alert, whichever severity fired: the release it watches is healthy. */
    public Optional<String> resolve(String said, String release) {
        Instant now = Instant.now();
        Optional<String> critical = post("critical", said, release, now, now);
        Optional<String> warning = post("warning", said, release, now, now);
        return critical.or(() -> warning);
    }

    private Optional<String> post(String severity, String said, String release, Instant starts, Instant ends) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", NAME);
        labels.put("namespace", values.namespace());
        labels.put("environment", values.environment());
        labels.put("severity", severity);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", "release watch of " + values.environment() + " " + said);
        annotations.put("release", release);
        annotations.put(
                "runbook_url",
                values.section("monitoring").get("runbookBaseUrl") + "#" + NAME.toLowerCase(Locale.ROOT));
        try {
            alertmanager.post(labels, annotations, starts, ends);
            return Optional.empty();
        } catch (AlertmanagerClient.Unavailable e) {
            return Optional.of(e.getMessage());
        }
    }
}
