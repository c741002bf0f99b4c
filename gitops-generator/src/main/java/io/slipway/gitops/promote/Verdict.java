package io.slipway.gitops.promote;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** Each gate's measurement and verdict, as the promoter's table, stderr lines and commit evidence. */
public record Verdict(List<Result> results) {

    /** The reason of a gate whose query returned no value: the gate's own, never shared with others. */
    static final String NO_DATA = "no data";

    /** One gate's outcome; {@code reason} says why there is no value. */
    public record Result(PromotionGates.Gate gate, OptionalDouble measured, boolean passed, String reason) {

        String value() {
            return measured.isPresent() ? number(measured.getAsDouble()) : "-";
        }

        /**
         * Whether the gate failed on a measurement: a finite value. An infinite one ({@code -Inf},
         * {@code 1e999}) is what a broken or hostile Prometheus says, never how a release served.
         */
        boolean failedOnMeasurement() {
            return !passed && measured.isPresent() && Double.isFinite(measured.getAsDouble());
        }

        String line() {
            return (passed ? "pass" : "FAIL") + "  " + gate.name() + ": " + value() + " (needs " + gate.comparison()
                    + " " + number(gate.threshold()) + ")" + (reason.isEmpty() ? "" : ": " + reason);
        }
    }

    public Verdict {
        results = List.copyOf(results);
    }

    /** How many gates failed. */
    public long failed() {
        return results.stream().filter(result -> !result.passed()).count();
    }

    public boolean passed() {
        return results.stream().allMatch(Result::passed);
    }

    /**
     * Whether the release regressed: a health gate failed on a measured, finite value. A gate without
     * a value (Prometheus down, no data), with a value that is not finite, or a presence or traffic
     * gate that failed says nothing about the release; that verdict is inconclusive, not a regression.
     */
    public boolean regressed() {
        return results.stream().anyMatch(result -> result.gate().health() && result.failedOnMeasurement());
    }

    /** Whether a gate has a value that is not a finite number: Prometheus's word cannot be taken for any of them. */
    public boolean unmeasurable() {
        return results.stream()
                .anyMatch(result -> result.measured().isPresent()
                        && !Double.isFinite(result.measured().getAsDouble()));
    }

    /**
     * Whether there was enough to judge the release by: every gate that is not a health gate (pods on
     * the digest throughout, none on other builds, the traffic) passed.
     */
    public boolean judgeable() {
        return results.stream().filter(result -> !result.gate().health()).allMatch(Result::passed);
    }

    /** The failed health gates, one phrase each: {@code 5xx ratio 0.31 > 0.05}. */
    public List<String> regressions() {
        return results.stream()
                .filter(result -> result.gate().health() && result.failedOnMeasurement())
                .map(result -> result.gate().name() + " " + result.value() + " "
                        + (result.gate().comparison().equals(PromotionGates.Gate.AT_MOST) ? ">" : "<") + " "
                        + number(result.gate().threshold()))
                .toList();
    }

    /** gate, measured, threshold, verdict and query, one row per gate. */
    public String table() {
        StringBuilder table = new StringBuilder(String.format(
                Locale.ROOT, "%-26s %10s %12s  %-7s %s%n", "gate", "measured", "threshold", "verdict", "query"));
        for (Result result : results) {
            table.append(String.format(
                    Locale.ROOT,
                    "%-26s %10s %12s  %-7s %s%n",
                    result.gate().name(),
                    result.value(),
                    result.gate().comparison() + " " + number(result.gate().threshold()),
                    result.passed() ? "pass" : "FAIL",
                    result.gate().query()));
        }
        return table.toString();
    }

    /**
     * One line per failed gate, with the reason when there was no value; gates that failed because
     * Prometheus could not answer, for one and the same reason, share a line.
     */
    public List<String> failures() {
        Map<String, List<Result>> byReason = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (Result result : results) {
            if (result.passed()) {
                continue;
            }
            if (result.reason().isEmpty()
                    || result.reason().equals(NO_DATA)
                    || result.measured().isPresent()) {
                lines.add(line(result));
            } else {
                byReason.computeIfAbsent(result.reason(), reason -> new ArrayList<>())
                        .add(result);
            }
        }
        byReason.forEach((reason, same) -> lines.add(
                same.size() == 1
                        ? line(same.get(0))
                        : "promotion gates failed: " + same.size() + " gates have no value (" + reason + "): "
                                + String.join(
                                        ", ",
                                        same.stream().map(r -> r.gate().name()).toList())));
        return lines;
    }

    private static String line(Result result) {
        return "promotion gate failed: " + result.gate().name() + " measured " + result.value() + ", needs "
                + result.gate().comparison() + " " + number(result.gate().threshold())
                + (result.reason().isEmpty() ? "" : " (" + result.reason() + ")");
    }

    /** The evidence for the commit message and merge request: one line per gate. */
    public List<String> evidence() {
        List<String> lines = new ArrayList<>();
        results.forEach(result -> lines.add(result.line()));
        return lines;
    }

    /** Four significant digits, no trailing zeros: 334.4, 0.05, 0.004998, 2. */
    static String number(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return new BigDecimal(value)
                .round(new MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }
}
