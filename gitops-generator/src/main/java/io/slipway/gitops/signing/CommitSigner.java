package io.slipway.gitops.signing;

import static io.slipway.gitops.signing.SigningSettings.KEY;
import static io.slipway.gitops.signing.SigningSettings.PASSPHRASE;
import static io.slipway.gitops.signing.SigningSettings.rootMessage;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * The settings are read by {@link SigningSettings}, the key loaded by {@link OpenPgpKeyFile} or
 * {@link SshKeyFile}, and tried on a throwaway commit when the signer is created, so an unusable key
 * fails before anything is pushed. OpenPGP signatures go through JGit's BouncyCastle signer, SSH
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

    private final SigningKey key;
    private final KeyPassphrase passphrase;
    private final Signer signer;
    private final GpgConfig config;

    private CommitSigner(SigningKey key, KeyPassphrase passphrase) throws SigningException {
        this.key = key;
        this.passphrase = passphrase;
        this.signer = Signers.get(key.format().jgit);
        if (signer == null) {
            throw new SigningException(
                    "this build has no " + key.format().name().toLowerCase(Locale.ROOT) + " signer");
        }
        Config gpg = new Config();
        gpg.setString("gpg", null, "format", key.format().jgit.toConfigValue());
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
        Optional<SigningSettings> configured = SigningSettings.fromEnvironment(env);
        if (configured.isEmpty()) {
            return Optional.empty();
        }
        SigningSettings settings = configured.get();
        if (settings.format() == Format.OPENPGP) {
            CommitSigner signer = new CommitSigner(OpenPgpKeyFile.load(settings), settings.passphrase());
            signer.probe();
            return Optional.of(signer);
        }
        SigningKey unnamed = SshKeyFile.load(settings);
        // Named by its fingerprint, read from the probe's signature.
        String fingerprint = SshKeyFile.fingerprint(new CommitSigner(unnamed, settings.passphrase()).probe());
        return Optional.of(new CommitSigner(
                new SigningKey(Format.SSH, unnamed.jgitKey(), "SSH key " + fingerprint), settings.passphrase()));
    }

    /** What signs, for result lines: the format and the key's id, never the key. */
    public String description() {
        return key.description();
    }

    public Format format() {
        return key.format();
    }

    /** Signs a commit about to be inserted; its signature header is set on {@code commit}. */
    public void sign(Repository repository, CommitBuilder commit, PersonIdent committer) throws SigningException {
        try {
            signer.signObject(repository, config, commit, committer, key.jgitKey(), passphrase);
        } catch (CanceledException e) {
            throw new SigningException(
                    KEY + " is protected by a passphrase: set " + PASSPHRASE + " (a masked, protected CI variable)", e);
        } catch (IOException | RuntimeException | UnsupportedSigningFormatException e) {
            throw new SigningException(
                    KEY + ": cannot sign with the " + key.description()
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
}
