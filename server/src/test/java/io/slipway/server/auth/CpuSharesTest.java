package io.slipway.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reads take turns only while hashes run: cores − hashes at once, at least one, and all of them otherwise. */
class CpuSharesTest {

    static final Duration NO_WAIT = Duration.ZERO;

    @Test
    void withNothingHashingReadsAreNotLimited() {
        CpuShares shares = new CpuShares(2);
        for (int i = 0; i < 500; i++) {
            assertThat(shares.beginRead(NO_WAIT)).isTrue();
        }
    }

    @Test
    void hashesTakeTheCoresAndReadsTheRestButNeverNone() {
        CpuShares shares = new CpuShares(2);
        shares.hashStarted();
        assertThat(shares.beginRead(NO_WAIT)).as("one core left for reads").isTrue();
        assertThat(shares.beginRead(NO_WAIT)).isFalse();

        shares.hashStarted();
        shares.hashStarted(); // more hashes than cores: reads still get their one turn
        shares.endRead();
        assertThat(shares.beginRead(NO_WAIT)).isTrue();
        assertThat(shares.beginRead(NO_WAIT)).isFalse();
        shares.endRead();

        shares.hashEnded();
        shares.hashEnded();
        shares.hashEnded();
        for (int i = 0; i < 500; i++) {
            assertThat(shares.beginRead(NO_WAIT))
                    .as("hashing done, reads unlimited again")
                    .isTrue();
        }
    }

    @Test
    void readsInFlightWhenHashingBeginsFinishBeforeTheNextRead() {
        CpuShares shares = new CpuShares(4);
        for (int i = 0; i < 10; i++) {
            assertThat(shares.beginRead(NO_WAIT)).isTrue();
        }
        shares.hashStarted(); // three turns while one hash runs
        shares.hashStarted(); // two
        for (int inFlight = 10; inFlight > 2; inFlight--) {
            assertThat(shares.beginRead(NO_WAIT))
                    .as("%d reads in flight", inFlight)
                    .isFalse();
            shares.endRead();
        }
        assertThat(shares.beginRead(NO_WAIT))
                .as("two in flight left, turns are two")
                .isFalse();
        shares.endRead();
        assertThat(shares.beginRead(NO_WAIT)).isTrue();
    }

    @Test
    void aWaitingReadGetsTheTurnAReadGivesBack() throws Exception {
        CpuShares shares = new CpuShares(2);
        shares.hashStarted();
        shares.hashStarted();
        assertThat(shares.beginRead(NO_WAIT)).isTrue();
        Thread giveBack = new Thread(() -> {
            sleep(50);
            shares.endRead();
        });
        giveBack.start();
        long start = System.nanoTime();
        assertThat(shares.beginRead(Duration.ofSeconds(5))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        giveBack.join();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
