package io.slipway.gitops.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.gitops.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing keys from the environment, signatures checked by the git CLI and by {@link TrustedSigners};
 * every way a configured key can be unusable ends in one line naming the variable.
 */
class CommitSignerTest {

    static final PersonIdent COMMITTER =
            new PersonIdent("Slipway gitops-generator", "gitops-generator@slipway.invalid");

    @TempDir
    static Path temp;

    static SigningKeys.OpenPgpKey openPgp;
    static Path sshKey;
    static Path allowedSigners;

    @BeforeAll
    static void keys() throws Exception {
        // The test JVM's one OpenPGP key: JGit's signer serves one key per process (see OpenPgpHome).
        openPgp = SigningFixture.shared().key();
        sshKey = SigningKeys.ssh(Files.createDirectories(temp.resolve("ssh")));
        allowedSigners = temp.resolve("allowed_signers");
        Files.writeString(allowedSigners, SigningKeys.allowedSigner(sshKey));
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    static Map<String, String> openPgpEnv() {
        return env(
                "SLIPWAY_SIGNING_KEY",
                openPgp.secretKey().toString(),
                "SLIPWAY_SIGNING_PASSPHRASE",
                SigningKeys.PASSPHRASE);
    }

    /** A commit signed (or not) by {@code signer} on {@code main} of a fresh repository. */
    static String commit(Repository repository, CommitSigner signer) throws Exception {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            TreeFormatter tree = new TreeFormatter();
            tree.append(
                    "file",
                    FileMode.REGULAR_FILE,
                    inserter.insert(Constants.OBJ_BLOB, "x".getBytes(StandardCharsets.UTF_8)));
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(tree));
            commit.setAuthor(COMMITTER);
            commit.setCommitter(COMMITTER);
            commit.setMessage("signed\n");
            if (signer != null) {
                signer.sign(repository, commit, COMMITTER);
            }
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef("refs/heads/main");
            update.setNewObjectId(id);
            update.forceUpdate();
            return id.name();
        }
    }

    static Repository repository(String name) throws Exception {
        return Git.init().setDirectory(temp.resolve(name).toFile()).call().getRepository();
    }

    static Path trusted(String openPgpKeys, String sshSigners) throws Exception {
        Path environments = Files.createDirectories(temp.resolve("environments" + System.nanoTime()));
        Path folder = Files.createDirectories(environments.resolve(TrustedSigners.FOLDER));
        if (openPgpKeys != null) {
            Files.writeString(folder.resolve("openpgp.asc"), openPgpKeys);
        }
        if (sshSigners != null) {
            Files.writeString(folder.resolve("allowed_signers"), sshSigners);
        }
        return environments;
    }

    @Test
    void signersCreatedAndUsedAtOnceInOneJvmWithOneKeyAllSign() throws Exception {
        // The GnuPG home JGit reads is one per process: each signer rewrites its key ring there.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Repository repository = repository("concurrent-repo")) {
            List<Future<String>> commits = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                commits.add(pool.submit(() -> commit(
                        repository, CommitSigner.fromEnvironment(openPgpEnv()).orElseThrow())));
            }
            TrustedSigners trusted = TrustedSigners.load(trusted(Files.readString(openPgp.publicKey()), null));
            try (RevWalk walk = new RevWalk(repository)) {
                for (Future<String> commit : commits) {
                    assertThat(trusted.problem(repository, walk.parseCommit(ObjectId.fromString(commit.get()))))
                            .isEmpty();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anOpenPgpSignatureVerifiesWithGitAndWithTheTrustedKeys() throws Exception {
        CommitSigner signer = CommitSigner.fromEnvironment(openPgpEnv()).orElseThrow();
        assertThat(signer.description()).isEqualTo("OpenPGP key " + openPgp.longId());
        try (Repository repository = repository("openpgp-repo")) {
            String commit = commit(repository, signer);
            CliRun git = SigningKeys.verifyCommit(
                    repository.getDirectory().toPath(), commit, openPgp.home(), allowedSigners);
            assertThat(git.exit()).as(git.err()).isZero();
            assertThat(git.err()).contains("Good signature", openPgp.fingerprint());

            TrustedSigners trusted = TrustedSigners.load(trusted(Files.readString(openPgp.publicKey()), null));
            try (RevWalk walk = new RevWalk(repository)) {
                assertThat(trusted.problem(repository, walk.parseCommit(ObjectId.fromString(commit))))
                        .isEmpty();
                String unsigned = commit(repository, null);
                assertThat(trusted.problem(repository, walk.parseCommit(ObjectId.fromString(unsigned))))
                        .contains("not signed");
            }
            // Nobody trusted, or only an SSH key: the same signature proves nothing.
            try (RevWalk walk = new RevWalk(repository)) {
                assertThat(TrustedSigners.load(trusted(null, null))
                                .problem(repository, walk.parseCommit(ObjectId.fromString(commit))))
                        .hasValueSatisfying(problem -> assertThat(problem).contains("no key is trusted"));
            }
        }
    }

    @Test
    void anSshSignatureVerifiesWithGitsAllowedSignersFile() throws Exception {
        CommitSigner signer = CommitSigner.fromEnvironment(env(
                        "SLIPWAY_SIGNING_KEY",
                        sshKey.toString(),
                        "SLIPWAY_SIGNING_FORMAT",
                        "ssh",
                        "SLIPWAY_SIGNING_PASSPHRASE",
                        SigningKeys.PASSPHRASE))
                .orElseThrow();
        assertThat(signer.description()).isEqualTo("SSH key " + SigningKeys.sshFingerprint(sshKey));
        try (Repository repository = repository("ssh-repo")) {
            String commit = commit(repository, signer);
            CliRun git = SigningKeys.verifyCommit(
                    repository.getDirectory().toPath(), commit, openPgp.home(), allowedSigners);
            assertThat(git.exit()).as(git.err()).isZero();
            assertThat(git.err()).contains("Good \"git\" signature for gitops-generator@slipway.invalid");

            try (RevWalk walk = new RevWalk(repository)) {
                assertThat(TrustedSigners.load(trusted(null, Files.readString(allowedSigners)))
                                .problem(repository, walk.parseCommit(ObjectId.fromString(commit))))
                        .isEmpty();
                Path other = SigningKeys.ssh(Files.createDirectories(temp.resolve("other-ssh")));
                assertThat(TrustedSigners.load(trusted(null, SigningKeys.allowedSigner(other)))
                                .problem(repository, walk.parseCommit(ObjectId.fromString(commit))))
                        .hasValueSatisfying(problem -> assertThat(problem).contains("not from a trusted key"));
            }
        }
    }

    @Test
    void noKeyConfiguredMeansNoSigner() throws Exception {
        assertThat(CommitSigner.fromEnvironment(Map.of())).isEmpty();
        assertThatThrownBy(() -> CommitSigner.fromEnvironment(env("SLIPWAY_SIGNING_PASSPHRASE", "x")))
                .hasMessage("SLIPWAY_SIGNING_PASSPHRASE is set but SLIPWAY_SIGNING_KEY is not: set SLIPWAY_SIGNING_KEY "
                        + "to the key file's path (a GitLab CI variable of type File)");
    }

    @Test
    void everyUnusableKeyIsOneLineNamingTheVariableAndNeverThePassphrase() throws Exception {
        Map<String, String> wrongPassphrase = openPgpEnv();
        wrongPassphrase.put("SLIPWAY_SIGNING_PASSPHRASE", "not the passphrase");
        Map<String, String> noPassphrase = openPgpEnv();
        noPassphrase.remove("SLIPWAY_SIGNING_PASSPHRASE");
        Map<String, String> subkey = openPgpEnv();
        subkey.put("SLIPWAY_SIGNING_KEY_ID", openPgp.subkeyFingerprint());
        Map<String, String> unknownId = openPgpEnv();
        unknownId.put("SLIPWAY_SIGNING_KEY_ID", "0123456789ABCDEF");
        Map<String, String> publicOnly = openPgpEnv();
        publicOnly.put("SLIPWAY_SIGNING_KEY", openPgp.publicKey().toString());
        Map<String, String> sshWrongPassphrase = env(
                "SLIPWAY_SIGNING_KEY",
                sshKey.toString(),
                "SLIPWAY_SIGNING_FORMAT",
                "ssh",
                "SLIPWAY_SIGNING_PASSPHRASE",
                "not the passphrase");
        Map<String, String> sshPublicKey = env("SLIPWAY_SIGNING_KEY", sshKey + ".pub", "SLIPWAY_SIGNING_FORMAT", "ssh");

        assertThatThrownBy(() -> CommitSigner.fromEnvironment(
                        env("SLIPWAY_SIGNING_KEY", temp.resolve("absent").toString())))
                .hasMessage("SLIPWAY_SIGNING_KEY=" + temp.resolve("absent") + ": no readable key file there");
        assertThatThrownBy(() -> CommitSigner.fromEnvironment(
                        env("SLIPWAY_SIGNING_KEY", openPgp.secretKey().toString(), "SLIPWAY_SIGNING_FORMAT", "x509")))
                .hasMessage("SLIPWAY_SIGNING_FORMAT=x509: unknown signing format; use openpgp or ssh");
        assertThatThrownBy(() -> CommitSigner.fromEnvironment(wrongPassphrase))
                .hasMessageStartingWith("SLIPWAY_SIGNING_KEY: cannot sign with the OpenPGP key " + openPgp.longId()
                        + " (is SLIPWAY_SIGNING_PASSPHRASE right?)")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("not the passphrase")
                        .doesNotContain("\n"));
        assertThatThrownBy(() -> CommitSigner.fromEnvironment(noPassphrase))
                .hasMessage("SLIPWAY_SIGNING_KEY is protected by a passphrase: set SLIPWAY_SIGNING_PASSPHRASE "
                        + "(a masked, protected CI variable)");
        assertThatThrownBy(() -> CommitSigner.fromEnvironment(subkey))
                .hasMessage("SLIPWAY_SIGNING_KEY_ID=" + openPgp.subkeyFingerprint() + " names a subkey; Argo CD cannot "
                        + "verify signatures made by a subkey: sign with the primary key " + openPgp.fingerprint());
        assertThatThrownBy(() -> CommitSigner.fromEnvironment(unknownId))
                .hasMessage("SLIPWAY_SIGNING_KEY_ID=0123456789ABCDEF: no such secret key in SLIPWAY_SIGNING_KEY");
        assertThatThrownBy(() -> CommitSigner.fromEnvironment(publicOnly))
                .hasMessageStartingWith("SLIPWAY_SIGNING_KEY: not an OpenPGP secret key");
        assertThatThrownBy(() -> CommitSigner.fromEnvironment(sshWrongPassphrase))
                .hasMessageStartingWith(
                        "SLIPWAY_SIGNING_KEY: cannot sign with the SSH key (is SLIPWAY_SIGNING_PASSPHRASE right?)")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("not the passphrase")
                        .doesNotContain("\n"));
        assertThatThrownBy(() -> CommitSigner.fromEnvironment(sshPublicKey))
                .hasMessageStartingWith("SLIPWAY_SIGNING_KEY: not an SSH private key");
    }

    @Test
    void aSecretKeyAmongTheTrustedKeysIsRefused() throws Exception {
        assertThatThrownBy(() -> TrustedSigners.load(trusted(Files.readString(openPgp.secretKey()), null)))
                .hasMessageContaining("holds a secret key; commit only the public key");
    }

    @Test
    void fingerprintsArePrintedAsWritten() {
        assertThat(TrustedSigners.shown("3aa5c34371567bd2")).isEqualTo("3AA5C34371567BD2");
        assertThat(TrustedSigners.shown("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"))
                .isEqualTo("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s");
    }
}
