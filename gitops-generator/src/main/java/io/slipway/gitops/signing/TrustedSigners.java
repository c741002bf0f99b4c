package io.slipway.gitops.signing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier.SignatureVerification;
import org.eclipse.jgit.lib.SignatureVerifiers;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The keys allowed to sign generated folders, kept in the source repository beside the values so
 * that a change of trust is reviewed like any other change ({@code environments/trusted-signers/}):
 * {@code openpgp.asc}, the primary public keys ({@code gpg --export --armor FINGERPRINT}; the same
 * keys Argo CD's {@code argocd-gpg-keys-cm} holds), and {@code allowed_signers}, SSH keys in git's
 * allowed-signers format ({@code gpg.ssh.allowedSignersFile}). Either file may be absent.
 * Signatures are checked by JGit's verifiers against these keys only.
 */
public final class TrustedSigners {

    /** The folder's name under the environments folder. */
    public static final String FOLDER = "trusted-signers";

    static final String OPENPGP_FILE = "openpgp.asc";
    static final String SSH_FILE = "allowed_signers";

    private final Path folder;
    private final Set<String> primaryFingerprints;
    private final boolean ssh;
    private final GpgConfig config;

    private TrustedSigners(Path folder, Set<String> primaryFingerprints, Optional<Path> allowedSigners) {
        this.folder = folder;
        this.primaryFingerprints = Set.copyOf(primaryFingerprints);
        this.ssh = allowedSigners.isPresent();
        Config gpg = new Config();
        allowedSigners.ifPresent(file -> gpg.setString(
                "gpg", "ssh", "allowedSignersFile", file.toAbsolutePath().toString()));
        this.config = new GpgConfig(gpg);
    }

    /** Reads {@code <environments>/trusted-signers/}; no folder means no trusted key. */
    public static TrustedSigners load(Path environments) throws SigningException {
        Path folder = environments.resolve(FOLDER);
        Set<String> fingerprints = new HashSet<>();
        Path openPgp = folder.resolve(OPENPGP_FILE);
        if (Files.isRegularFile(openPgp)) {
            PGPPublicKeyRingCollection rings = publicKeys(openPgp);
            for (PGPPublicKeyRing ring : rings) {
                fingerprints.add(OpenPgpKeyFile.fingerprint(ring.getPublicKey()));
            }
            try {
                OpenPgpHome.usePublicKeys(rings.getEncoded());
            } catch (IOException e) {
                throw new SigningException(openPgp + ": cannot stage the keys for verification: " + e.getMessage(), e);
            }
        }
        Path allowed = folder.resolve(SSH_FILE);
        return new TrustedSigners(
                folder, fingerprints, Files.isRegularFile(allowed) ? Optional.of(allowed) : Optional.empty());
    }

    private static PGPPublicKeyRingCollection publicKeys(Path file) throws SigningException {
        try {
            if (Files.readString(file, StandardCharsets.US_ASCII).contains("PRIVATE KEY BLOCK")) {
                throw new SigningException(file + ": holds a secret key; commit only the public key "
                        + "(gpg --export --armor FINGERPRINT) and rotate the exposed one");
            }
        } catch (IOException e) {
            throw new SigningException(file + ": cannot read: " + e.getMessage(), e);
        }
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
            return new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
        } catch (IOException | PGPException | RuntimeException e) {
            throw new SigningException(
                    file + ": not OpenPGP public keys (gpg --export --armor FINGERPRINT): " + e.getMessage(), e);
        }
    }

    /** Whether any key is trusted at all. */
    public boolean isEmpty() {
        return primaryFingerprints.isEmpty() && !ssh;
    }

    /**
     * Why a commit's signature does not prove that a trusted key made it; empty when it does.
     * OpenPGP signatures must come from a trusted primary key (Argo CD cannot verify subkey
     * signatures); SSH signatures from a key and principal the allowed-signers file lists.
     */
    public Optional<String> problem(Repository repository, RevCommit commit) {
        if (commit.getRawGpgSignature() == null) {
            return Optional.of("not signed");
        }
        if (isEmpty()) {
            return Optional.of("signed, but no key is trusted: add the signing key's public part to " + folder);
        }
        SignatureVerification verification;
        try {
            verification = SignatureVerifiers.verify(repository, config, commit);
        } catch (IOException | RuntimeException e) {
            return Optional.of("the signature cannot be checked: " + e.getMessage());
        }
        if (verification == null) {
            return Optional.of("signed in a format Slipway does not verify");
        }
        String key = verification.keyFingerprint() == null
                ? "an unknown key"
                : "key " + shown(verification.keyFingerprint());
        if (!verification.verified()) {
            return Optional.of("signature by " + key + " is not from a trusted key or does not match"
                    + (verification.message() == null ? "" : " (" + verification.message() + ")"));
        }
        if (SignatureVerifiers.getFormat(commit.getRawGpgSignature()) == GpgConfig.GpgFormat.OPENPGP
                && !primaryFingerprints.contains(verification.keyFingerprint().toLowerCase(Locale.ROOT))) {
            return Optional.of(
                    "signed by the subkey " + key + ", which Argo CD cannot verify; sign with the primary key");
        }
        return Optional.empty();
    }

    /**
     * A key's fingerprint as it is written: OpenPGP's hex in capitals, as gpg prints it; an SSH
     * key's {@code SHA256:} base64 exactly, since its case is part of it.
     */
    static String shown(String fingerprint) {
        return fingerprint.matches("[0-9a-fA-F]+") ? fingerprint.toUpperCase(Locale.ROOT) : fingerprint;
    }
}
