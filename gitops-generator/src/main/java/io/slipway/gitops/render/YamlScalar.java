package io.slipway.gitops.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A string value already encoded for YAML. Mustache is not YAML-aware, so every string reaches a
 * template in this form: plain when it is an unambiguous plain scalar (names, quantities,
 * paths), otherwise a double-quoted scalar with JSON escapes, which YAML reads back as exactly the
 * same string. A value with {@code ": "}, {@code #}, quotes, a newline, <code>{{</code>, a leading
 * indicator, a YAML 1.1 boolean word or a number-like text therefore cannot change the document.
 */
public final class YamlScalar {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLAIN = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._/-]*$");
    private static final Pattern NUMBER_LIKE = Pattern.compile("^[-+.]?[0-9][0-9._]*([eE][-+]?[0-9]+)?$|^0[xXoObB].*");
    private static final Set<String> RESERVED =
            Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ".inf", ".nan");

    private final String encoded;

    private YamlScalar(String encoded) {
        this.encoded = encoded;
    }

    /** Plain when safe, quoted otherwise. */
    public static YamlScalar of(String value) {
        return new YamlScalar(isPlainSafe(value) ? value : quote(value));
    }

    /** Always quoted: for places that must be strings even when the text looks like a number. */
    public static YamlScalar quoted(String value) {
        return new YamlScalar(quote(value));
    }

    static boolean isPlainSafe(String value) {
        return PLAIN.matcher(value).matches()
                && !NUMBER_LIKE.matcher(value).matches()
                && !RESERVED.contains(value.toLowerCase(Locale.ROOT));
    }

    private static String quote(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return encoded;
    }
}
