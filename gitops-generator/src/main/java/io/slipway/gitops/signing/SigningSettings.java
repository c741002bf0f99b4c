package io.slipway.gitops.signing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the environment says about signing ({@code SLIPWAY_SIGNING_*}, see {@link CommitSigner}),
 * checked as far as it can be without opening the key: a key file that is there and readable, a
 * known format, no stray setting without a key.
 */
record SigningSettings(CommitSigner.Format format, Path keyFile, String keyId, KeyPassphrase passphrase) {

    static final String KEY = "SLIPWAY_SIGNING_KEY";
    static final String FORMAT = "SLIPWAY_SIGNING_FORMAT";
    static final String KEY_ID = "SLIPWAY_SIGNING_KEY_ID";
    static final String PASSPHRASE = "SLIPWAY_SIGNING_PASSPHRASE";

    /** The settings; empty when {@code SLIPWAY_SIGNING_KEY} is unset and nothing else is set either. */
    static Optional<SigningSettings> fromEnvironment(Map<String, String> env) throws SigningException {
        String file = env.getOrDefault(KEY, "");
        if (file.isBlank()) {
            for (String other : new String[] {FORMAT, KEY_ID, PASSPHRASE}) {
                if (!env.getOrDefault(other, "").isEmpty()) {
                    throw new SigningException(other + " is set but " + KEY + " is not: set " + KEY
                            + " to the key file's path (a GitLab CI variable of type File)");
                }
            }
            return Optional.empty();
        }
        String formatName = env.getOrDefault(FORMAT, "openpgp").trim().toLowerCase(Locale.ROOT);
        CommitSigner.Format format = switch (formatName) {
            case "openpgp", "gpg" -> CommitSigner.Format.OPENPGP;
            case "ssh" -> CommitSigner.Format.SSH;
            default ->
                throw new SigningException(FORMAT + "=" + formatName + ": unknown signing format; use openpgp or ssh");
        };
        Path path = Path.of(file);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new SigningException(KEY + "=" + file + ": no readable key file there");
        }
        KeyPassphrase passphrase =
                new KeyPassphrase(Optional.ofNullable(env.get(PASSPHRASE)).filter(p -> !p.isEmpty()));
        return Optional.of(new SigningSettings(format, path, env.getOrDefault(KEY_ID, ""), passphrase));
    }

    /** The deepest cause's message on one line, for a reason after a colon. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage())
                .replaceAll("\\s+", " ");
    }
}
