package io.slipway.gitops.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jgit.util.FileUtils;

/**
 * The GnuPG home JGit's BouncyCastle signer and verifier read keys from. JGit looks keys up only
 * in a GnuPG home, fixed once per process ({@code jgit.gpg.home}, read when its key locator is
 * first used), so Slipway gives it a private temporary one: {@code secring.gpg} holds the signing
 * key from the environment, unlocked (the legacy keyring, which JGit reads armored or binary), and
 * {@code pubring.gpg} the trusted public keys. The user's own {@code ~/.gnupg} is never read.
 * The folder is owner-only and removed when the process exits.
 */
final class OpenPgpHome {

    private static Path home;

    private OpenPgpHome() {}

    /** Makes {@code secring.gpg} exactly these bytes (one secret key ring). */
    static synchronized void useSecretKeys(byte[] keyRing) {
        write("secring.gpg", keyRing);
    }

    /** Makes {@code pubring.gpg} exactly these bytes (binary public key rings). */
    static synchronized void usePublicKeys(byte[] keyRings) {
        write("pubring.gpg", keyRings);
    }

    private static void write(String name, byte[] content) {
        try {
            Files.write(
                    folder().resolve(name),
                    content,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path folder() throws IOException {
        if (home == null) {
            home = Files.createTempDirectory(
                    "slipway-gnupg-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            System.setProperty("jgit.gpg.home", home.toString());
            Path created = home;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    FileUtils.delete(created.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING | FileUtils.RETRY);
                } catch (IOException e) {
                    System.err.println(
                            "warning: " + created + " (keys for signing) was not removed: " + e.getMessage());
                }
            }));
        }
        return home;
    }
}
