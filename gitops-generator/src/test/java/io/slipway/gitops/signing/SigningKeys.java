package io.slipway.gitops.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fresh keys made by the real tools in a temporary home: {@code gpg} for OpenPGP, {@code ssh-keygen}
 * for SSH; and the git CLI's verdict on a signed commit.
 */
public final class SigningKeys {

    public static final String PASSPHRASE = "correct horse battery staple";
    public static final String IDENTITY = "Slipway gitops-generator <gitops-generator@slipway.invalid>";

    private SigningKeys() {}

    /** An OpenPGP key: its GnuPG home, the primary key's fingerprint, and the exported files. */
    public record OpenPgpKey(Path home, String fingerprint, Path secretKey, Path publicKey) {

        public String longId() {
            return fingerprint.substring(fingerprint.length() - 16);
        }

        /** The fingerprint of its first subkey. */
        public String subkeyFingerprint() {
            return run(List.of(
                            "gpg",
                            "--homedir",
                            home.toString(),
                            "--batch",
                            "--with-colons",
                            "--list-keys",
                            fingerprint))
                    .out()
                    .lines()
                    .dropWhile(line -> !line.startsWith("sub:"))
                    .filter(line -> line.startsWith("fpr:"))
                    .findFirst()
                    .orElseThrow()
                    .split(":")[9];
        }
    }

    /**
     * A primary ed25519 signing key (no expiry), protected by {@link #PASSPHRASE}, with a
     * signing subkey as well, for the tests that must refuse one.
     */
    public static OpenPgpKey openPgp(Path folder) throws IOException {
        Path home = Files.createDirectories(folder.resolve("gnupg"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        List<String> gpg = List.of(
                "gpg",
                "--homedir",
                home.toString(),
                "--batch",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                PASSPHRASE);
        gpg(gpg, "--quick-generate-key", IDENTITY, "ed25519", "sign", "never");
        String fingerprint = run(List.of(
                        "gpg", "--homedir", home.toString(), "--batch", "--with-colons", "--list-keys"))
                .out()
                .lines()
                .filter(line -> line.startsWith("fpr:"))
                .findFirst()
                .orElseThrow()
                .split(":")[9];
        gpg(gpg, "--quick-add-key", fingerprint, "ed25519", "sign", "never");
        Path secret = folder.resolve("signing-key.asc");
        Files.writeString(secret, gpg(gpg, "--armor", "--export-secret-keys", fingerprint));
        Path pub = folder.resolve("openpgp.asc");
        Files.writeString(pub, gpg(gpg, "--armor", "--export", fingerprint));
        return new OpenPgpKey(home, fingerprint, secret, pub);
    }

    /** An ed25519 SSH key pair protected by {@link #PASSPHRASE}; returns the private key file. */
    public static Path ssh(Path folder) {
        Path key = folder.resolve("id_ed25519");
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", PASSPHRASE, "-C", "slipway-ci", "-f", key.toString()));
        return key;
    }

    /** The key's SHA-256 fingerprint as {@code ssh-keygen -l} prints it. */
    public static String sshFingerprint(Path privateKey) {
        return run(List.of("ssh-keygen", "-l", "-f", privateKey + ".pub")).out().split(" ")[1];
    }

    /** A line of git's allowed-signers file for the generator's committer and this SSH key. */
    public static String allowedSigner(Path privateKey) {
        try {
            return "gitops-generator@slipway.invalid namespaces=\"git\" "
                    + Files.readString(Path.of(privateKey + ".pub")).trim() + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code git verify-commit}'s exit status and output, with OpenPGP keys from {@code gnupgHome}. */
    public static CliRun verifyCommit(Path repository, String commit, Path gnupgHome, Path allowedSigners) {
        return CliRun.process(
                List.of(
                        "git",
                        "-C",
                        repository.toString(),
                        "-c",
                        "gpg.ssh.allowedSignersFile=" + allowedSigners,
                        "verify-commit",
                        "-v",
                        commit),
                Map.of("GNUPGHOME", gnupgHome.toString()));
    }

    private static String gpg(List<String> gpg, String... args) {
        List<String> command = new ArrayList<>(gpg);
        command.addAll(List.of(args));
        return run(command).out();
    }

    private static CliRun run(List<String> command) {
        CliRun run = CliRun.process(command, Map.of());
        assertThat(run.exit()).as("%s: %s", command, run.err()).isZero();
        return run;
    }
}
