package io.slipway.gitops.promote;

import io.slipway.gitops.values.EnvironmentValues;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Leave to change an environment now, by its {@code promotion.windows}: granted inside them;
 * outside them only with an override, whose reason the commit records (evidence lines and a
 * {@code Window-Override:} trailer). Promotions and config releases ask for it alike.
 *
 * @param evidence what the commit says of a change made outside the windows (empty inside them)
 * @param trailers the {@code Window-Override:} trailer, or none
 */
record WindowPermit(List<String> evidence, List<String> trailers) {

    WindowPermit {
        evidence = List.copyOf(evidence);
        trailers = List.copyOf(trailers);
    }

    /**
     * The permit for {@code command} to change {@code target} at {@code now}; outside the windows
     * refused (exit 12) with the next opening, unless {@code override} gives the reason.
     */
    static WindowPermit check(String command, EnvironmentValues target, Instant now, Optional<String> override)
            throws PromotionRefused {
        PromotionWindows windows = new PromotionWindows(target.promotionWindows());
        if (windows.isOpen(now)) {
            return new WindowPermit(List.of(), List.of());
        }
        String closed = "promotion into " + target.environment() + " is frozen at " + windows.shown(now)
                + " (promotion.windows: " + windows.describe() + ")";
        if (override.isEmpty()) {
            String next = windows.nextOpening(now)
                    .map(opening -> "; next opening " + windows.shown(opening) + " (in " + until(now, opening) + ")")
                    .orElse("; no opening within a year");
            throw new PromotionRefused(
                    PromotionRefused.Kind.FROZEN,
                    command + " refused: " + closed + next
                            + "; to change it now anyway, pass --outside-window REASON (recorded in the commit);"
                            + " nothing was pushed");
        }
        return new WindowPermit(
                List.of("Changed outside the promotion windows: " + closed + "; reason: " + override.get()),
                List.of("Window-Override: " + override.get()));
    }

    /** {@code 3d 7h 55m}: how long until {@code later}, to the minute. */
    static String until(Instant now, Instant later) {
        Duration left = Duration.between(now, later).plusSeconds(59).truncatedTo(ChronoUnit.MINUTES);
        return (left.toDays() > 0 ? left.toDays() + "d " : "")
                + (left.toHoursPart() > 0 || left.toDays() > 0 ? left.toHoursPart() + "h " : "")
                + left.toMinutesPart() + "m";
    }
}
