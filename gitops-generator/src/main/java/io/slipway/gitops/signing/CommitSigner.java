package io.slipway.gitops.signing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.bouncycastle.util.encoders.Hex;
import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.api.errors.UnsupportedSigningFormatException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.lib.Signers;

/**
 * Signs the commits Slipway makes, with a key the environment names (a CI file variable), never a
 * command-line argument; the key and its passphrase are never printed.
 *
 * <ul>
 *   <li>{@code SLIPWAY_SIGNING_KEY}: path of the key file. OpenPGP: an exported secret key
 *       ({@code gpg --export-secret-keys --armor FINGERPRINT}). SSH: an OpenSSH private key.</li>
 *   <li>{@code SLIPWAY_SIGNING_FORMAT}: {@code openpgp} (default; the only format Argo CD verifies)
 *       or {@code ssh}.</li>
 *   <li>{@code SLIPWAY_SIGNING_KEY_ID}: OpenPGP only, the fingerprint (or long key id) of the
 *       primary key; needed only when the file holds more than one key.</li>
 *   <li>{@code SLIPWAY_SIGNING_PASSPHRASE}: the key's passphrase, if it has one.</li>
 * </ul>
 *
 * The key is loaded and tried on a throwaway commit when the signer is created, so an unusable
 * key fails before anything is pushed. OpenPGP signatures go through JGit's BouncyCastle signer, SSH
 * signatures through JGit's Apache MINA sshd signer.
 */
public final class CommitSigner {

    /** How commits are signed. */
    public enum Format {
        OPENPGP(GpgConfig.GpgFormat.OPENPGP),
        SSH(GpgConfig.GpgFormat.SSH);

        private final GpgConfig.GpgFormat jgit;

        Format(GpgConfig.GpgFormat jgit) {
            this.jgit = jgit;
        }
    }

    static final String KEY = "SLIPWAY_SIGNING_KEY";
    static final String FORMAT = "SLIPWAY_SIGNING_FORMAT";
    static final String KEY_ID = "SLIPWAY_SIGNING_KEY_ID";
    static final String PASSPHRASE = "SLIPWAY_SIGNING_PASSPHRASE";
    /** {@code SSHSIG}, the first bytes of an SSH signature blob. */
    private static final int MAGIC_LENGTH = 6;

    private final Format format;
    private final String signingKey;
    private final String description;
    private final KeyPassphrase passphrase;
    private final Signer signer;
    private final GpgConfig config;

    private CommitSigner(Format format, String signingKey, String description, KeyPassphrase passphrase)
            throws SigningException {
        this.format = format;
        this.signingKey = signingKey;
        this.description = description;
        this.passphrase = passphrase;
        this.signer = Signers.get(format.jgit);
        if (signer == null) {
            throw new SigningException("this build has no " + format.name().toLowerCase(Locale.ROOT) + " signer");
        }
        Config gpg = new Config();
        gpg.setString("gpg", null, "format", format.jgit.toConfigValue());
        this.config = new GpgConfig(gpg);
    }

    /**
     * The signer the environment configures, tried once on a probe; empty when
     * {@code SLIPWAY_SIGNING_KEY} is unset.
     *
     * @throws SigningException when a key is configured but cannot sign: a missing or unreadable
     *                          file, an unknown format, a subkey or expired key, a wrong or missing passphrase
     */
    public static Optional<CommitSigner> fromEnvironment(Map<String, String> env) throws SigningException {
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
        Format format = switch (formatName) {
            case "openpgp", "gpg" -> Format.OPENPGP;
            case "ssh" -> Format.SSH;
            default ->
                throw new SigningException(FORMAT + "=" + formatName + ": unknown signing format; use openpgp or ssh");
        };
        Path path = Path.of(file);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new SigningException(KEY + "=" + file + ": no readable key file there");
        }
        KeyPassphrase passphrase =
                new KeyPassphrase(Optional.ofNullable(env.get(PASSPHRASE)).filter(p -> !p.isEmpty()));
        if (format == Format.OPENPGP) {
            CommitSigner signer = openPgp(path, env.getOrDefault(KEY_ID, ""), passphrase);
            signer.probe();
            return Optional.of(signer);
        }
        CommitSigner signer = ssh(path, passphrase);
        // Named by its fingerprint (as ssh-keygen -l prints it), read from the probe's signature.
        return Optional.of(new CommitSigner(
                Format.SSH, signer.signingKey, "SSH key " + sshFingerprint(signer.probe()), passphrase));
    }

    /** What signs, for result lines: the format and the key's id, never the key. */
    public String description() {
        return description;
    }

    public Format format() {
        return format;
    }

    /** Signs a commit about to be inserted; its signature header is set on {@code commit}. */
    public void sign(Repository repository, CommitBuilder commit, PersonIdent committer) throws SigningException {
        try {
            signer.signObject(repository, config, commit, committer, signingKey, passphrase);
        } catch (CanceledException e) {
            throw new SigningException(
                    KEY + " is protected by a passphrase: set " + PASSPHRASE + " (a masked, protected CI variable)", e);
        } catch (IOException | RuntimeException | UnsupportedSigningFormatException e) {
            throw new SigningException(
                    KEY + ": cannot sign with the " + description
                            + (passphrase.isSet() ? " (is " + PASSPHRASE + " right?)" : "") + ": " + rootMessage(e),
                    e);
        }
    }

    /** Signs a throwaway commit, so that a key that cannot sign fails before any work; returns the signature. */
    private GpgSignature probe() throws SigningException {
        try (InMemoryRepository scratch = new InMemoryRepository(new DfsRepositoryDescription("probe"))) {
            CommitBuilder commit = new CommitBuilder();
            PersonIdent ident = new PersonIdent("probe", "probe@slipway.invalid");
            commit.setTreeId(ObjectId.zeroId());
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage("probe");
            sign(scratch, commit, ident);
            return commit.getGpgSignature();
        }
    }

    /**
     * An OpenPGP key file: the primary key named by {@code keyId} (or the file's only key ring).
     * Argo CD cannot verify signatures made by a signing subkey (argoproj/argo-cd#4930), so a
     * subkey is refused here rather than in the cluster.
     */
    private static CommitSigner openPgp(Path file, String keyId, KeyPassphrase passphrase) throws SigningException {
        PGPSecretKeyRingCollection rings;
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
            rings = new PGPSecretKeyRingCollection(in, new JcaKeyFingerprintCalculator());
        } catch (IOException | PGPException | RuntimeException e) {
            throw new SigningException(
                    KEY + ": not an OpenPGP secret key (export it with gpg --export-secret-keys "
                            + "--armor FINGERPRINT): " + rootMessage(e),
                    e);
        }
        String wanted = keyId.replace(" ", "").replaceFirst("^0[xX]", "").toLowerCase(Locale.ROOT);
        PGPSecretKeyRing chosen = null;
        for (PGPSecretKeyRing ring : rings) {
            for (PGPSecretKey key : ring) {
                if (!wanted.isEmpty() && fingerprint(key.getPublicKey()).endsWith(wanted)) {
                    if (!key.isMasterKey()) {
                        throw new SigningException(KEY_ID + "=" + keyId + " names a subkey; Argo CD cannot verify "
                                + "signatures made by a subkey: sign with the primary key "
                                + fingerprint(ring.getPublicKey()).toUpperCase(Locale.ROOT));
                    }
                    chosen = ring;
                }
            }
        }
        if (wanted.isEmpty()) {
            if (rings.size() != 1) {
                throw new SigningException(KEY + " holds " + rings.size() + " keys: set " + KEY_ID
                        + " to the fingerprint of the one to sign with");
            }
            chosen = rings.iterator().next();
        } else if (chosen == null) {
            throw new SigningException(KEY_ID + "=" + keyId + ": no such secret key in " + KEY);
        }
        PGPPublicKey primary = chosen.getPublicKey();
        if (!chosen.getSecretKey().isSigningKey()) {
            throw new SigningException(KEY + ": the primary key " + longId(primary) + " cannot sign (algorithm)");
        }
        if (primary.getValidSeconds() > 0) {
            Instant expiry = primary.getCreationTime().toInstant().plusSeconds(primary.getValidSeconds());
            if (expiry.isBefore(Instant.now())) {
                throw new SigningException(KEY + ": the key " + longId(primary) + " expired on " + expiry
                        + "; extend it (gpg --quick-set-expire) and update the key file and Argo CD's copy");
            }
        }
        try {
            OpenPgpHome.useSecretKeys(unlocked(chosen, primary, passphrase).getEncoded());
        } catch (IOException e) {
            throw new SigningException(KEY + ": cannot stage the key for signing: " + e.getMessage(), e);
        }
        return new CommitSigner(Format.OPENPGP, fingerprint(primary), "OpenPGP key " + longId(primary), passphrase);
    }

    /**
     * The key ring with its primary key's passphrase protection removed, for the private GnuPG
     * home only. JGit's signer derives the key from the passphrase on every signature, trying an
     * empty passphrase first: with gpg's default protection (65 MB of iterated SHA-1) that is two
     * derivations per commit, seconds in a short-lived JVM. Unlocked once here, it is one.
     */
    private static PGPSecretKeyRing unlocked(PGPSecretKeyRing ring, PGPPublicKey primary, KeyPassphrase passphrase)
            throws SigningException {
        PGPSecretKey key = ring.getSecretKey();
        if (key.getKeyEncryptionAlgorithm() == SymmetricKeyAlgorithmTags.NULL) {
            return ring;
        }
        if (!passphrase.isSet()) {
            throw new SigningException(
                    KEY + " is protected by a passphrase: set " + PASSPHRASE + " (a masked, protected CI variable)");
        }
        try {
            PBESecretKeyDecryptor decryptor = new JcePBESecretKeyDecryptorBuilder(
                            new JcaPGPDigestCalculatorProviderBuilder().build())
                    .build(passphrase.value());
            return PGPSecretKeyRing.insertSecretKey(ring, PGPSecretKey.copyWithNewPassword(key, decryptor, null));
        } catch (PGPException | RuntimeException e) {
            throw new SigningException(
                    KEY + ": cannot sign with the OpenPGP key " + longId(primary) + " (is " + PASSPHRASE + " right?): "
                            + rootMessage(e),
                    e);
        }
    }

    private static CommitSigner ssh(Path file, KeyPassphrase passphrase) throws SigningException {
        String head;
        try {
            head = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII)
                    .lines()
                    .findFirst()
                    .orElse("");
        } catch (IOException e) {
            throw new SigningException(KEY + ": cannot read the key file: " + e.getMessage(), e);
        }
        if (!head.startsWith("-----BEGIN") || !head.contains("PRIVATE KEY")) {
            // JGit would fall back to an ssh-agent for a public key; CI has none.
            throw new SigningException(KEY + ": not an SSH private key (expected an OpenSSH private key file, "
                    + "as ssh-keygen writes it)");
        }
        return new CommitSigner(Format.SSH, file.toAbsolutePath().toString(), "SSH key", passphrase);
    }

    /** The SHA-256 fingerprint of the public key an SSH signature carries (PROTOCOL.sshsig: magic, version, key). */
    private static String sshFingerprint(GpgSignature signature) throws SigningException {
        try {
            String armored = signature.toExternalString();
            byte[] raw = Base64.getMimeDecoder()
                    .decode(armored.substring(armored.indexOf('\n') + 1, armored.indexOf("-----END")));
            ByteArrayBuffer buffer = new ByteArrayBuffer(raw, MAGIC_LENGTH, raw.length - MAGIC_LENGTH);
            buffer.getUInt();
            return KeyUtils.getFingerPrint(buffer.getPublicKey());
        } catch (IOException | RuntimeException e) {
            throw new SigningException(
                    KEY + ": the SSH signer wrote a signature Slipway cannot read: " + rootMessage(e), e);
        }
    }

    static String fingerprint(PGPPublicKey key) {
        return Hex.toHexString(key.getFingerprint()).toLowerCase(Locale.ROOT);
    }

    /** The 16-hex-digit key id Argo CD's AppProject lists ({@code sourceIntegrity.git.policies[].gpg.keys}). */
    static String longId(PGPPublicKey key) {
        return String.format("%016X", key.getKeyID());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage())
                .replaceAll("\\s+", " ");
    }
}
