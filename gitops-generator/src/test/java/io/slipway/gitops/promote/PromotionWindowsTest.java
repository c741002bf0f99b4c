package io.slipway.gitops.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.gitops.Fixtures;
import io.slipway.gitops.values.PromotionWindow;
import io.slipway.gitops.values.ValuesLoader;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Argo CD's sync-window rules, applied to promotion: allow windows, deny windows over them, time zones. */
class PromotionWindowsTest {

    /** Production's own windows: Monday to Thursday, 01:00 to 07:00 in Shanghai (UTC+8, no daylight saving). */
    static final PromotionWindows PRODUCTION = new PromotionWindows(
            List.of(new PromotionWindow(PromotionWindow.Kind.ALLOW, "0 1 * * 1-4", "6h", "Asia/Shanghai")));

    @Test
    void anAllowWindowIsOpenFromItsScheduleForItsDurationInItsTimeZone() {
        // 2026-12-07 is a Monday: 01:00 in Shanghai is 17:00 UTC on Sunday.
        assertThat(PRODUCTION.isOpen(Instant.parse("2026-12-06T16:59:59Z"))).isFalse();
        assertThat(PRODUCTION.isOpen(Instant.parse("2026-12-06T17:00:00Z"))).isTrue();
        assertThat(PRODUCTION.isOpen(Instant.parse("2026-12-06T22:59:59Z"))).isTrue();
        assertThat(PRODUCTION.isOpen(Instant.parse("2026-12-06T23:00:00Z"))).isFalse();
        // Friday 01:00 in Shanghai: no window on Fridays.
        assertThat(PRODUCTION.isOpen(Instant.parse("2026-12-10T18:00:00Z"))).isFalse();
    }

    @Test
    void theNextOpeningIsTheNextTimeTheWindowsAllowIt() {
        // Friday afternoon in Shanghai: the next opening is Monday 01:00.
        Instant friday = Instant.parse("2026-12-04T07:30:00Z");
        assertThat(PRODUCTION.nextOpening(friday)).contains(Instant.parse("2026-12-06T17:00:00Z"));
        assertThat(PRODUCTION.shown(Instant.parse("2026-12-06T17:00:00Z"))).isEqualTo("2026-12-07 01:00 Asia/Shanghai");
        assertThat(WindowPermit.until(friday, Instant.parse("2026-12-06T17:00:00Z")))
                .isEqualTo("2d 9h 30m");
        Instant open = Instant.parse("2026-12-06T18:00:00Z");
        assertThat(PRODUCTION.nextOpening(open)).contains(open);
    }

    @Test
    void aDenyWindowFreezesWhatTheAllowWindowsOpenAndTheNextOpeningIsAfterIt() {
        // The same, with a freeze over the whole of December in UTC.
        PromotionWindows frozen = new PromotionWindows(List.of(
                productionWindow(), new PromotionWindow(PromotionWindow.Kind.DENY, "0 0 1 12 *", "744h", "UTC")));
        assertThat(frozen.isOpen(Instant.parse("2026-12-06T18:00:00Z"))).isFalse();
        // January 1 is a Friday: the first allow opening after the freeze is Monday 4 January 01:00 Shanghai.
        assertThat(frozen.nextOpening(Instant.parse("2026-12-06T18:00:00Z")))
                .contains(Instant.parse("2027-01-03T17:00:00Z"));
        // A deny window alone freezes only while it is open.
        PromotionWindows onlyDeny = new PromotionWindows(
                List.of(new PromotionWindow(PromotionWindow.Kind.DENY, "0 0 1 12 *", "744h", "UTC")));
        assertThat(onlyDeny.isOpen(Instant.parse("2026-11-30T23:59:00Z"))).isTrue();
        assertThat(onlyDeny.nextOpening(Instant.parse("2026-12-15T00:00:00Z")))
                .contains(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void noWindowsMeansAlwaysOpenAndAWindowThatNeverOpensHasNoNextOpening() {
        assertThat(new PromotionWindows(List.of()).isOpen(Instant.parse("2026-12-04T07:30:00Z")))
                .isTrue();
        PromotionWindows never =
                new PromotionWindows(List.of(new PromotionWindow(PromotionWindow.Kind.DENY, "* * * * *", "1h", "UTC")));
        assertThat(never.nextOpening(Instant.parse("2026-12-04T07:30:00Z"))).isEmpty();
    }

    @Test
    void promoteOutsideTheWindowsIsRefusedWithTheNextOpeningUnlessOverriddenWithAReason() throws Exception {
        Promotion promotion = Promotion.of(
                Fixtures.ENVIRONMENTS, "staging", "production", Optional.empty(), new Promotion.Gates.Skip("test"));
        Instant friday = Instant.parse("2026-12-04T07:30:00Z");
        assertThatThrownBy(() -> promotion.inWindow(friday, Optional.empty()))
                .isInstanceOf(PromotionRefused.class)
                .hasMessage("promote refused: promotion into production is frozen at 2026-12-04 15:30 Asia/Shanghai"
                        + " (promotion.windows: allow \"0 1 * * 1-4\" for 6h (Asia/Shanghai)); next opening"
                        + " 2026-12-07 01:00 Asia/Shanghai (in 2d 9h 30m); to change it now anyway, pass"
                        + " --outside-window REASON (recorded in the commit); nothing was pushed")
                .extracting(e -> ((PromotionRefused) e).exitCode().code())
                .isEqualTo(12);
        assertThat(promotion.inWindow(Instant.parse("2026-12-06T18:00:00Z"), Optional.empty()))
                .isSameAs(promotion);
        assertThat(promotion.inWindow(friday, Optional.of("CVE fix"))).isNotSameAs(promotion);
        assertThat(new ValuesLoader(Fixtures.ENVIRONMENTS).load("staging").promotionWindows())
                .isEmpty();
    }

    private static PromotionWindow productionWindow() {
        return new PromotionWindow(PromotionWindow.Kind.ALLOW, "0 1 * * 1-4", "6h", "Asia/Shanghai");
    }
}
