package io.slipway.gitops.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.eclipse.jgit.util.FileUtils;

/**
 * The GnuPG home JGit's BouncyCastle signer and verifier read keys from. JGit looks keys up only
 * in a GnuPG home, fixed once per process ({@code jgit.gpg.home}, read when its key locator is
 * first used), so Slipway gives it a private temporary one: {@code secring.gpg} holds the signing
 * key from the environment, unlocked (the legacy keyring, which JGit reads armored or binary), and
 * {@code pubring.gpg} the trusted public keys. The user's own {@code ~/.gnupg} is never read.
 * The folder is owner-only and removed when the process exits. Being one per process, it serves
 * one signing key at a time: commands signing at once in one JVM must use the same key.
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

    /**
     * Replaces the file whole (a temporary file moved over it), and only when its content changes:
     * commands running at once in one JVM with the same key never see a half-written key ring.
     */
    private static void write(String name, byte[] content) {
        try {
            Path file = folder().resolve(name);
            if (Files.exists(file) && Arrays.equals(Files.readAllBytes(file), content)) {
                return;
            }
            Path next = Files.createTempFile(folder(), name, ".next");
            Files.write(next, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
