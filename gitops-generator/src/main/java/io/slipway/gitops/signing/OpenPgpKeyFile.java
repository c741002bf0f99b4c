package io.slipway.gitops.signing;

import static io.slipway.gitops.signing.SigningSettings.KEY;
import static io.slipway.gitops.signing.SigningSettings.KEY_ID;
import static io.slipway.gitops.signing.SigningSettings.PASSPHRASE;
import static io.slipway.gitops.signing.SigningSettings.rootMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Locale;
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

/**
 * An OpenPGP secret key file ({@code gpg --export-secret-keys --armor FINGERPRINT}): the primary
 * key named by {@code SLIPWAY_SIGNING_KEY_ID} (or the file's only key ring), usable now, staged
 * unlocked in the private GnuPG home JGit's signer reads ({@link OpenPgpHome}).
 */
final class OpenPgpKeyFile {

    private OpenPgpKeyFile() {}

    /**
     * The key to sign with. Argo CD cannot verify signatures made by a signing subkey
     * (argoproj/argo-cd#4930), so a subkey is refused here rather than in the cluster.
     */
    static SigningKey load(SigningSettings settings) throws SigningException {
        PGPSecretKeyRing chosen = choose(read(settings), settings.keyId());
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
            OpenPgpHome.useSecretKeys(
                    unlocked(chosen, primary, settings.passphrase()).getEncoded());
        } catch (IOException e) {
            throw new SigningException(KEY + ": cannot stage the key for signing: " + e.getMessage(), e);
        }
        return new SigningKey(CommitSigner.Format.OPENPGP, fingerprint(primary), "OpenPGP key " + longId(primary));
    }

    private static PGPSecretKeyRingCollection read(SigningSettings settings) throws SigningException {
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(settings.keyFile()))) {
            return new PGPSecretKeyRingCollection(in, new JcaKeyFingerprintCalculator());
        } catch (IOException | PGPException | RuntimeException e) {
            throw new SigningException(
                    KEY + ": not an OpenPGP secret key (export it with gpg --export-secret-keys "
                            + "--armor FINGERPRINT): " + rootMessage(e),
                    e);
        }
    }

    /** The key ring whose primary key {@code keyId} names, or the only one when it is empty. */
    private static PGPSecretKeyRing choose(PGPSecretKeyRingCollection rings, String keyId) throws SigningException {
        String wanted = keyId.replace(" ", "").replaceFirst("^0[xX]", "").toLowerCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            if (rings.size() != 1) {
                throw new SigningException(KEY + " holds " + rings.size() + " keys: set " + KEY_ID
                        + " to the fingerprint of the one to sign with");
            }
            return rings.iterator().next();
        }
        PGPSecretKeyRing chosen = null;
        for (PGPSecretKeyRing ring : rings) {
            for (PGPSecretKey key : ring) {
                if (fingerprint(key.getPublicKey()).endsWith(wanted)) {
                    if (!key.isMasterKey()) {
                        throw new SigningException(KEY_ID + "=" + keyId + " names a subkey; Argo CD cannot verify "
                                + "signatures made by a subkey: sign with the primary key "
                                + fingerprint(ring.getPublicKey()).toUpperCase(Locale.ROOT));
                    }
                    chosen = ring;
                }
            }
        }
        if (chosen == null) {
            throw new SigningException(KEY_ID + "=" + keyId + ": no such secret key in " + KEY);
        }
        return chosen;
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

    static String fingerprint(PGPPublicKey key) {
        return Hex.toHexString(key.getFingerprint()).toLowerCase(Locale.ROOT);
    }

    /** The 16-hex-digit key id Argo CD's AppProject lists ({@code sourceIntegrity.git.policies[].gpg.keys}). */
    static String longId(PGPPublicKey key) {
        return String.format("%016X", key.getKeyID());
    }
}
