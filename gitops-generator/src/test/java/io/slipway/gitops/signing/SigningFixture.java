package io.slipway.gitops.signing;

import io.slipway.gitops.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.util.FileUtils;

/**
 * One OpenPGP key per test JVM for the CLI tests that publish (production requires signing), and a
 * copy of the project's environments folder that trusts it ({@code trusted-signers/openpgp.asc}).
 */
public final class SigningFixture {

    private static SigningFixture shared;

    private final SigningKeys.OpenPgpKey key;
    private final Path environments;

    private SigningFixture(SigningKeys.OpenPgpKey key, Path environments) {
        this.key = key;
        this.environments = environments;
    }

    public static synchronized SigningFixture shared() {
        if (shared == null) {
            try {
                Path folder = Files.createTempDirectory("slipway-signing-test-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        FileUtils.delete(
                                folder.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING | FileUtils.RETRY);
                    } catch (IOException e) {
                        // a temporary folder; nothing to report at exit
                    }
                }));
                SigningKeys.OpenPgpKey key = SigningKeys.openPgp(folder);
                shared = new SigningFixture(key, trusting(key, folder));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** A copy of the project's values with {@code key} as the trusted OpenPGP key. */
    public static Path trusting(SigningKeys.OpenPgpKey key, Path folder) throws IOException {
        Path copy = Fixtures.environmentsCopy(folder);
        Files.createDirectories(copy.resolve(TrustedSigners.FOLDER));
        Files.copy(key.publicKey(), copy.resolve(TrustedSigners.FOLDER).resolve("openpgp.asc"));
        return copy;
    }

    public SigningKeys.OpenPgpKey key() {
        return key;
    }

    /** The environments folder to pass as {@code --environments}. */
    public Path environments() {
        return environments;
    }

    /** The variables that make the CLI sign with the key. */
    public Map<String, String> env() {
        return Map.of(
                "SLIPWAY_SIGNING_KEY",
                key.secretKey().toString(),
                "SLIPWAY_SIGNING_PASSPHRASE",
                SigningKeys.PASSPHRASE);
    }
}
