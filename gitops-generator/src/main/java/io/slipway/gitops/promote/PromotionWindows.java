package io.slipway.gitops.promote;

import io.slipway.gitops.values.PromotionWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When promotion into an environment is allowed, from its {@code promotion.windows}, with Argo CD's
 * rules for sync windows: with any {@code allow} window, one must be open; an open {@code deny}
 * window freezes promotion whatever the allow windows say; no windows, always allowed.
 */
public final class PromotionWindows {

    /** How far ahead the next opening is looked for: beyond a year a schedule is a freeze in all but name. */
    static final Duration HORIZON = Duration.ofDays(366);

    /** At most this many moments are looked at: a year of daily windows is a few hundred. */
    private static final int MAX_LOOKS = 5_000;

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm VV", Locale.ROOT);

    private final List<PromotionWindow> windows;

    public PromotionWindows(List<PromotionWindow> windows) {
        this.windows = List.copyOf(windows);
    }

    public boolean isOpen(Instant now) {
        boolean allowed = windows.stream().noneMatch(window -> window.kind() == PromotionWindow.Kind.ALLOW);
        boolean denied = false;
        for (PromotionWindow window : windows) {
            if (activeUntil(window, now).isPresent()) {
                allowed |= window.kind() == PromotionWindow.Kind.ALLOW;
                denied |= window.kind() == PromotionWindow.Kind.DENY;
            }
        }
        return allowed && !denied;
    }

    /**
     * The first moment at or after {@code now} when promotion is allowed; empty when there is none
     * within {@link #HORIZON}. Whether promotion is allowed changes only where a window opens or
     * closes, so only those moments are looked at.
     */
    public Optional<Instant> nextOpening(Instant now) {
        Instant moment = now;
        Instant horizon = now.plus(HORIZON);
        for (int look = 0; look < MAX_LOOKS && moment.isBefore(horizon); look++) {
            if (isOpen(moment)) {
                return Optional.of(moment);
            }
            // Nothing opens while a deny window holds: go straight to the last of their ends.
            Instant at = moment;
            Optional<Instant> frozenUntil = windows.stream()
                    .filter(window -> window.kind() == PromotionWindow.Kind.DENY)
                    .flatMap(window -> activeUntil(window, at).stream())
                    .max(Instant::compareTo);
            Optional<Instant> next = frozenUntil.isPresent() ? frozenUntil : nextBoundary(moment);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            moment = next.get();
        }
        return Optional.empty();
    }

    /** A moment as the messages show it: in the windows' time zone (the first window's), to the minute. */
    public String shown(Instant moment) {
        ZoneId zone = windows.isEmpty() ? ZoneOffset.UTC : windows.get(0).zone();
        return SHOWN.format(moment.atZone(zone));
    }

    /** The windows as the values write them, for messages: {@code allow "0 1 * * 1-4" for 6h (Asia/Shanghai)}. */
    public String describe() {
        return String.join(
                "; ",
                windows.stream()
                        .map(window -> window.kind().name().toLowerCase(Locale.ROOT) + " \"" + window.schedule()
                                + "\" for " + window.duration() + " (" + window.timeZone() + ")")
                        .toList());
    }

    /** When the opening of {@code window} that holds {@code now} ends; empty when none holds it. */
    private static Optional<Instant> activeUntil(PromotionWindow window, Instant now) {
        ZonedDateTime local = now.atZone(window.zone());
        ZonedDateTime minute = local.truncatedTo(ChronoUnit.MINUTES);
        Optional<ZonedDateTime> start = window.openings().isMatch(minute)
                ? Optional.of(minute)
                : window.openings().lastExecution(local);
        return start.map(opened -> opened.plus(window.length()).toInstant()).filter(end -> end.isAfter(now));
    }

    /** The next moment after {@code now} at which some window opens or closes. */
    private Optional<Instant> nextBoundary(Instant now) {
        Optional<Instant> next = Optional.empty();
        for (PromotionWindow window : windows) {
            Optional<Instant> opens =
                    window.openings().nextExecution(now.atZone(window.zone())).map(ZonedDateTime::toInstant);
            for (Optional<Instant> candidate : List.of(opens, activeUntil(window, now))) {
                if (candidate.isPresent()
                        && candidate.get().isAfter(now)
                        && (next.isEmpty() || candidate.get().isBefore(next.get()))) {
                    next = candidate;
                }
            }
        }
        return next;
    }
}
