package io.slipway.gitops.values;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * One of {@code promotion.windows}: when promotion into the environment is allowed ({@code allow}) or
 * frozen ({@code deny}), as Argo CD's sync windows say it — a window opens at each time its cron
 * schedule names, in its time zone, and stays open for its duration. The rendered AppProject's
 * {@code syncWindows} are these same windows.
 *
 * @param schedule five-field cron: minute, hour, day of month, month, day of week
 * @param duration how long each opening lasts, e.g. {@code 6h}
 * @param timeZone an IANA zone, e.g. {@code Asia/Shanghai}
 */
public record PromotionWindow(Kind kind, String schedule, String duration, String timeZone) {

    /** {@code allow} or {@code deny}. */
    public enum Kind {
        ALLOW,
        DENY
    }

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** Each time the window opens. */
    public ExecutionTime openings() {
        return ExecutionTime.forCron(CRON.parse(schedule));
    }

    public Duration length() {
        return EnvironmentValues.duration(duration);
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** What is wrong with a schedule, or empty when cron reads it. */
    static Optional<String> scheduleProblem(String schedule) {
        try {
            CRON.parse(schedule).validate();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("not a cron schedule (minute hour day-of-month month day-of-week): " + e.getMessage());
        }
    }

    /** What is wrong with a time zone, or empty when it is one. */
    static Optional<String> zoneProblem(String zone) {
        try {
            ZoneId.of(zone);
            return Optional.empty();
        } catch (DateTimeException e) {
            return Optional.of("not a time zone (an IANA name such as Asia/Shanghai or UTC)");
        }
    }
}
