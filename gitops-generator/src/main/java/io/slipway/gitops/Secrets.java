package io.slipway.gitops;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credentials a command line could leak, and their removal from any text it prints or writes:
 * the values of the environment's credential variables ({@code SLIPWAY_GIT_TOKEN},
 * {@code CI_JOB_TOKEN}, {@code PROMETHEUS_TOKEN}, the signing passphrase, and any variable named
 * like a token, password, passphrase or secret), and the user info of any URL
 * ({@code https://user:token@host} → {@code https://***@host}). Everything the CLI prints passes
 * through it ({@code cli.SafeOutput}), as does every commit message and merge request it writes.
 */
public final class Secrets {

    /** Variables whose values are credentials whatever they are called besides. */
    private static final Pattern CREDENTIAL_NAME =
            Pattern.compile("(?i).*(TOKEN|PASSWORD|PASSPHRASE|SECRET|PRIVATE_KEY|CREDENTIAL|API_KEY).*");
    /** Shorter values would redact ordinary words ("true", a port). */
    private static final int MIN_SECRET_LENGTH = 6;

    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
    static final String MASK = "***";

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    /** The secrets of a command line's environment. */
    public static Secrets of(Map<String, String> environment) {
        return new Secrets(environment.entrySet().stream()
                .filter(variable -> CREDENTIAL_NAME.matcher(variable.getKey()).matches())
                .map(Map.Entry::getValue)
                .filter(value -> value != null && value.strip().length() >= MIN_SECRET_LENGTH)
                .map(String::strip)
                .distinct()
                // The longest first, so a secret that contains another is masked whole.
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList());
    }

    /** {@code text} with every secret value and URL user info masked. */
    public String redact(String text) {
        String redacted = text;
        for (String value : values) {
            redacted = redacted.replace(value, MASK);
        }
        return withoutUserInfo(redacted);
    }

    /** {@code text} with the user info of every URL in it masked: what a URL may show or be recorded as. */
    public static String withoutUserInfo(String text) {
        Matcher userInfo = USER_INFO.matcher(text);
        return userInfo.find() ? userInfo.replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@") : text;
    }
}
