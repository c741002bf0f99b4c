package io.slipway.gitops.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration as the values and {@code SLIPWAY_TIMEOUT} write it: digits and one unit, {@code 90s}, {@code 15m}, {@code 1h}. */
final class DurationValue implements ITypeConverter<Duration> {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(s|m|h)");

    @Override
    public Duration convert(String value) {
        return parse(value)
                .filter(duration -> !duration.isZero())
                .orElseThrow(() -> new TypeConversionException(
                        "'" + value + "' is not a duration: digits and s, m or h, e.g. 30s, 15m, 1h"));
    }

    /** The duration {@code text} writes; empty when it is not one. */
    static Optional<Duration> parse(String text) {
        Matcher value = DURATION.matcher(text.trim());
        if (!value.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(value.group(1));
        return Optional.of(
                switch (value.group(2)) {
                    case "h" -> Duration.ofHours(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofSeconds(amount);
                });
    }
}
