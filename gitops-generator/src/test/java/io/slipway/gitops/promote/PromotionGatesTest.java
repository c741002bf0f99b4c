package io.slipway.gitops.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.gitops.values.EnvironmentValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The queries and verdict wording; PromotionGatesIT runs them against a real Prometheus. */
class PromotionGatesTest {

    static final String DIGEST = "sha256:" + "a".repeat(64);
    static final EnvironmentValues.PromotionGates THRESHOLDS =
            new EnvironmentValues.PromotionGates("15m", 100, 0.05, 1, 3);

    @Test
    void queriesScopeTheSourceNamespaceAndTheSoakWindow() {
        List<PromotionGates.Gate> gates = new PromotionGates("slipway-staging", DIGEST, 2, THRESHOLDS).gates();
        assertThat(gates)
                .extracting(PromotionGates.Gate::name)
                .containsExactly(
                        "pods on sha256:aaaaaaaaaaaa",
                        "soak 15m",
                        "pods on other builds",
                        "requests",
                        "5xx ratio",
                        "p99 latency s",
                        "restarts");
        assertThat(gates.get(0).query())
                .isEqualTo("min_over_time(count(slipway_build_info{namespace=\"slipway-staging\"," + "image=~\".*@"
                        + DIGEST + "\"})[15m:60s])");
        String errors = "http_requests_total{namespace=\"slipway-staging\",status=~\"5..\"}";
        String all = "http_requests_total{namespace=\"slipway-staging\"}";
        assertThat(gates.get(4).query())
                .isEqualTo("((sum(increase(" + errors + "[15m]) and " + errors + " offset 15m) or vector(0))"
                        + " + (sum(" + errors + " unless " + errors + " offset 15m) or vector(0))) / ((sum(increase("
                        + all + "[15m]) and "
                        + all + " offset 15m) or vector(0)) + (sum(" + all + " unless " + all
                        + " offset 15m) or vector(0)))");
        assertThat(gates)
                .extracting(PromotionGates.Gate::threshold)
                .containsExactly(2.0, 1.0, 0.0, 100.0, 0.05, 1.0, 3.0);
        assertThat(PromotionGates.step(soak("10s"))).isEqualTo("1s");
        assertThat(PromotionGates.step(soak("15m"))).isEqualTo("60s");
        assertThat(PromotionGates.step(soak("1h"))).isEqualTo("240s");
    }

    static Duration soak(String value) {
        return new EnvironmentValues.PromotionGates(value, 1, 0, 1, 0).soakDuration();
    }

    @Test
    void onlyADigestAndANamespaceGetIntoAQuery() {
        assertThatThrownBy(() -> new PromotionGates("slipway-staging", "sha256:abc\"}) or vector(1", 2, THRESHOLDS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PromotionGates("x\"}", DIGEST, 2, THRESHOLDS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVerdictPassesOnlyWhenEveryGateHasAValueWithinItsThreshold() {
        List<PromotionGates.Gate> gates = new PromotionGates("slipway-staging", DIGEST, 2, THRESHOLDS).gates();
        Verdict verdict = new Verdict(List.of(
                new Verdict.Result(gates.get(3), OptionalDouble.of(334.4), true, ""),
                new Verdict.Result(gates.get(4), OptionalDouble.empty(), false, "no data")));
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.failures())
                .containsExactly("promotion gate failed: 5xx ratio measured -, needs <= 0.05 (no data)");
        assertThat(verdict.evidence())
                .containsExactly("pass  requests: 334.4 (needs >= 100)", "FAIL  5xx ratio: - (needs <= 0.05): no data");
        assertThat(verdict.table()).contains("requests", "334.4", ">= 100", "pass", "sum(increase(http_requests_total");
        assertThat(Verdict.number(0.004998123)).isEqualTo("0.004998");
    }

    /** What watch makes of a verdict: only a measured health failure with enough to judge by is a regression. */
    @Test
    void aRegressionIsAMeasuredHealthFailureWithEnoughToJudgeBy() {
        List<PromotionGates.Gate> gates = new PromotionGates("slipway-production", DIGEST, 2, THRESHOLDS).gates();
        assertThat(gates)
                .extracting(PromotionGates.Gate::health)
                .containsExactly(false, false, false, false, true, true, true);
        Verdict errors = verdict(gates, 2, 1, 0, 500, 0.31, 0.2, 0);
        assertThat(errors.regressed()).isTrue();
        assertThat(errors.judgeable()).isTrue();
        assertThat(errors.regressions()).containsExactly("5xx ratio 0.31 > 0.05");
        assertThat(ReleaseWatch.outcome(errors)).isEqualTo(ReleaseWatch.Outcome.REGRESSED);
        // The same errors over too little traffic, or with a pod on another build: no verdict.
        assertThat(ReleaseWatch.outcome(verdict(gates, 2, 1, 0, 12, 0.31, 0.2, 0)))
                .isEqualTo(ReleaseWatch.Outcome.INCONCLUSIVE);
        assertThat(ReleaseWatch.outcome(verdict(gates, 2, 1, 1, 500, 0.31, 0.2, 0)))
                .isEqualTo(ReleaseWatch.Outcome.INCONCLUSIVE);
        // Prometheus without an answer for the error ratio: no verdict either, never a rollback.
        List<Verdict.Result> unanswered =
                new ArrayList<>(verdict(gates, 2, 1, 0, 500, 0, 0.2, 0).results());
        unanswered.set(4, new Verdict.Result(gates.get(4), OptionalDouble.empty(), false, "cannot be reached"));
        assertThat(ReleaseWatch.outcome(new Verdict(unanswered))).isEqualTo(ReleaseWatch.Outcome.INCONCLUSIVE);
        assertThat(ReleaseWatch.outcome(verdict(gates, 2, 1, 0, 500, 0.001, 0.2, 0)))
                .isEqualTo(ReleaseWatch.Outcome.HEALTHY);
    }

    private static Verdict verdict(List<PromotionGates.Gate> gates, double... values) {
        List<Verdict.Result> results = new ArrayList<>();
        for (int i = 0; i < gates.size(); i++) {
            results.add(new Verdict.Result(
                    gates.get(i), OptionalDouble.of(values[i]), gates.get(i).admits(values[i]), ""));
        }
        return new Verdict(results);
    }
}
