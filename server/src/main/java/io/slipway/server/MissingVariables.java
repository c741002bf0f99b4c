package io.slipway.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The environment variables a configuration file needs and the environment lacks: every
 * {@code ${NAME}} without a default. All of them are named at once, before Dropwizard's substitutor
 * would stop at the first.
 */
final class MissingVariables extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern COMMENT = Pattern.compile("(?m)^\\s*#.*$");

    private MissingVariables(String message) {
        super(message);
    }

    /** The file's content, read from {@code in}, once every variable it requires is set in {@code environment}. */
    static InputStream check(String path, InputStream in, Map<String, String> environment) throws IOException {
        byte[] content;
        try (in) {
            content = in.readAllBytes();
        }
        String text =
                COMMENT.matcher(new String(content, StandardCharsets.UTF_8)).replaceAll("");
        List<String> missing = REQUIRED.matcher(text)
                .results()
                .map(match -> match.group(1))
                .distinct()
                .filter(name -> environment.get(name) == null)
                .toList();
        if (!missing.isEmpty()) {
            throw new MissingVariables(path + ": set " + String.join(", ", missing)
                    + (missing.size() == 1 ? "; it has" : "; they have") + " no default (see docs/configuration.md)");
        }
        return new ByteArrayInputStream(content);
    }
}
