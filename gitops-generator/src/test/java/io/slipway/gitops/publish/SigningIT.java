package io.slipway.gitops.publish;

import static io.slipway.gitops.support.GitHttpServer.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.CliRun;
import io.slipway.gitops.Fixtures;
import io.slipway.gitops.signing.SigningFixture;
import io.slipway.gitops.signing.SigningKeys;
import io.slipway.gitops.support.GeneratorRuns;
import io.slipway.gitops.support.GitHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed commits through the packaged CLI against the real git server: the git CLI verifies what
 * Slipway signed (OpenPGP and SSH), {@code verify} finds an unsigned or foreign-signed change of a
 * folder that must be signed, and a key that cannot sign pushes nothing.
 */
class SigningIT {

    static final Map<String, String> NO_KEY = Map.of("SLIPWAY_SIGNING_KEY", "", "SLIPWAY_SIGNING_PASSPHRASE", "");

    @TempDir
    static Path temp;

    static GitHttpServer server;
    static SigningFixture signing;

    @BeforeAll
    static void start() throws IOException {
        server = GitHttpServer.start(Files.createDirectories(temp.resolve("server")));
        signing = SigningFixture.shared();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Through the packaged jar: BouncyCastle's signer as shaded into it. */
    static CliRun promoteToProduction(String url, Map<String, String> env) {
        return GeneratorRuns.packaged(
                env, GeneratorRuns.promoteArgs(url, signing.environments(), "--skip-gates", GeneratorRuns.SKIP));
    }

    static CliRun verify(String url) {
        return GeneratorRuns.cli(
                Map.of(),
                "verify",
                "--repo",
                url,
                "--environments",
                signing.environments().toString());
    }

    @Test
    void productionIsSignedWithTheOpenPgpKeyAndVerifiesWithGitAndWithVerify() throws Exception {
        String url = server.createRepository("signed.git", true);
        assertThat(GeneratorRuns.publish(url, "dev", GeneratorRuns.DIGEST_A, "--env", "staging")
                        .exit())
                .isZero();
        CliRun promote = promoteToProduction(url, Map.of());
        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(promote.out())
                .contains("signed with the OpenPGP key " + signing.key().longId());

        Path bare = server.path("signed.git");
        CliRun git = SigningKeys.verifyCommit(
                bare, "slipway/slipway/production", signing.key().home(), temp.resolve("none"));
        assertThat(git.exit()).as(git.err()).isZero();
        assertThat(git.err()).contains("Good signature from \"" + SigningKeys.IDENTITY + "\"");

        // Reviewers merge fast-forward: main's tip is the signed commit itself.
        git(bare, "update-ref", "refs/heads/main", "refs/heads/slipway/slipway/production");
        CliRun intact = verify(url);
        assertThat(intact.exit()).as(intact.err()).isZero();
        assertThat(intact.out()).contains("verified: 3 folder(s)", "signed where their environment requires it");

        // A hand-made change with consistent digests passes the file check; only the missing signature shows it.
        Path clone = GeneratorRuns.cloneOf(temp, url, "forged");
        rewriteProduction(clone);
        git(clone, "-c", "user.name=intruder", "-c", "user.email=x@x", "commit", "-q", "-am", "scale production");
        git(clone, "push", "-q", "origin", "main");
        String forged = git(bare, "rev-parse", "main").trim().substring(0, 12);
        CliRun unsigned = verify(url);
        assertThat(unsigned.exit()).isEqualTo(10);
        assertThat(unsigned.err())
                .contains("apps/slipway/production: last change " + forged
                        + " not signed; publish.signing is on for production")
                .doesNotContain("modified outside Slipway");
        CliRun status = GeneratorRuns.cli(
                Map.of(),
                "status",
                "--repo",
                url,
                "--environments",
                signing.environments().toString());
        assertThat(status.out().lines().filter(line -> line.contains("production")))
                .singleElement()
                .asString()
                .contains("FAILED: 1 problem(s), run verify");

        // Signed, but by a key nobody trusts.
        SigningKeys.OpenPgpKey stranger = SigningKeys.openPgp(Files.createDirectories(temp.resolve("stranger")));
        rewriteProduction(clone);
        Path gpg = temp.resolve("gpg-with-passphrase");
        Files.writeString(
                gpg,
                "#!/bin/sh\nexec gpg --batch --pinentry-mode loopback --passphrase '" + SigningKeys.PASSPHRASE
                        + "' \"$@\"\n");
        gpg.toFile().setExecutable(true);
        CliRun signedCommit = CliRun.process(
                List.of(
                        "git",
                        "-C",
                        clone.toString(),
                        "-c",
                        "user.name=intruder",
                        "-c",
                        "user.email=x@x",
                        "-c",
                        "user.signingkey=" + stranger.fingerprint(),
                        "-c",
                        "gpg.program=" + gpg,
                        "commit",
                        "-q",
                        "-S",
                        "-am",
                        "scale production again"),
                Map.of("GNUPGHOME", stranger.home().toString()));
        assertThat(signedCommit.exit()).as(signedCommit.err()).isZero();
        git(clone, "push", "-q", "origin", "main");
        CliRun foreign = verify(url);
        assertThat(foreign.exit()).isEqualTo(10);
        // (gpg signs with the newest signing subkey, as it does for anyone whose key has one.)
        assertThat(foreign.err())
                .contains(
                        "apps/slipway/production: last change",
                        "key " + stranger.subkeyFingerprint().toUpperCase(Locale.ROOT),
                        "is not from a trusted key");
    }

    @Test
    void sshSignaturesVerifyWithGitsAllowedSignersFile() throws Exception {
        String url = server.createRepository("ssh.git", true);
        Path key = SigningKeys.ssh(Files.createDirectories(temp.resolve("ssh")));
        Path allowed = temp.resolve("allowed_signers");
        Files.writeString(allowed, SigningKeys.allowedSigner(key));
        // Through the packaged jar: JGit finds its SSH signer by a service file the shading must keep.
        CliRun publish = GeneratorRuns.packaged(
                Map.of("SLIPWAY_SIGNING_FORMAT", "ssh", "SLIPWAY_SIGNING_KEY", key.toString()),
                GeneratorRuns.publishArgs(url, signing.environments(), "dev", GeneratorRuns.DIGEST_A));
        assertThat(publish.exit()).as(publish.err()).isZero();
        assertThat(publish.out()).contains("signed with the SSH key " + SigningKeys.sshFingerprint(key));
        CliRun git = SigningKeys.verifyCommit(
                server.path("ssh.git"), "main", signing.key().home(), allowed);
        assertThat(git.exit()).as(git.err()).isZero();
        assertThat(git.err()).contains("Good \"git\" signature for gitops-generator@slipway.invalid");
    }

    @Test
    void aKeyThatCannotSignAndAMissingKeyWhereSigningIsRequiredPushNothing() throws Exception {
        String url = server.createRepository("unusable.git", true);
        assertThat(GeneratorRuns.publish(url, "dev", GeneratorRuns.DIGEST_A, "--env", "staging")
                        .exit())
                .isZero();
        Path bare = server.path("unusable.git");
        String refs = git(bare, "for-each-ref");

        CliRun wrongPassphrase = GeneratorRuns.cli(
                Map.of("SLIPWAY_SIGNING_PASSPHRASE", "guessed"),
                GeneratorRuns.publishArgs(url, signing.environments(), "dev", GeneratorRuns.DIGEST_B));
        assertThat(wrongPassphrase.exit()).isEqualTo(11);
        assertThat(wrongPassphrase.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("SLIPWAY_SIGNING_KEY: cannot sign with the OpenPGP key "
                        + signing.key().longId() + " (is SLIPWAY_SIGNING_PASSPHRASE right?)")
                .endsWith("; nothing was pushed")
                .doesNotContain("guessed");

        CliRun missingFile = GeneratorRuns.cli(
                Map.of("SLIPWAY_SIGNING_KEY", temp.resolve("nowhere.asc").toString()),
                GeneratorRuns.publishArgs(url, signing.environments(), "dev", GeneratorRuns.DIGEST_B));
        assertThat(missingFile.exit()).isEqualTo(11);
        assertThat(missingFile.err())
                .isEqualTo("SLIPWAY_SIGNING_KEY=" + temp.resolve("nowhere.asc")
                        + ": no readable key file there; nothing was pushed\n");

        CliRun noKey = promoteToProduction(url, NO_KEY);
        assertThat(noKey.exit()).isEqualTo(11);
        assertThat(noKey.err())
                .isEqualTo(
                        "apps/slipway/production: publish.signing is on for this environment and no "
                                + "signing key is configured: set SLIPWAY_SIGNING_KEY (see docs/generator/signing.md); nothing was pushed\n");
        // A dry run says what is missing instead of failing.
        CliRun dryRun = GeneratorRuns.promote(
                NO_KEY, url, signing.environments(), "--skip-gates", GeneratorRuns.SKIP, "--dry-run");
        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(dryRun.out().lines().toList())
                .last()
                .isEqualTo("note: unsigned here: publish.signing needs SLIPWAY_SIGNING_KEY to push");
        assertThat(dryRun.out().lines().filter(line -> line.startsWith("  push option ")))
                .contains(
                        "  push option merge_request.create",
                        "  push option merge_request.target=main",
                        "  push option merge_request.description=(the commit message above)")
                .allSatisfy(line -> assertThat(line).hasSizeLessThan(200));

        // Trusted keys that cannot be read stop verify with their reason; verify pushes nothing, so it says nothing of
        // it.
        Path leaked = Fixtures.environmentsCopy(temp.resolve("leaked"));
        Files.createDirectories(leaked.resolve("trusted-signers"));
        SigningKeys.OpenPgpKey secret = SigningKeys.openPgp(Files.createDirectories(temp.resolve("leaked-key")));
        Files.writeString(leaked.resolve("trusted-signers/openpgp.asc"), Files.readString(secret.secretKey()));
        CliRun verifyLeaked = GeneratorRuns.cli(Map.of(), "verify", "--repo", url, "--environments", leaked.toString());
        assertThat(verifyLeaked.exit()).isEqualTo(11);
        assertThat(verifyLeaked.err()).contains("holds a secret key").doesNotContain("nothing was pushed");

        assertThat(git(bare, "for-each-ref")).isEqualTo(refs);
    }

    @Test
    void promoteRefusesASourceWhoseLastChangeIsNotSignedWhereItsValuesRequireSigning() throws Exception {
        Path environments =
                SigningFixture.trusting(signing.key(), Files.createDirectories(temp.resolve("staging-signed")));
        Files.writeString(
                environments.resolve("staging.yaml"),
                Files.readString(environments.resolve("staging.yaml")) + "publish:\n  signing: true\n");
        String url = server.createRepository("source.git", true);
        CliRun publish = GeneratorRuns.cli(
                Map.of(), GeneratorRuns.publishArgs(url, environments, "staging", GeneratorRuns.DIGEST_A));
        assertThat(publish.exit()).as(publish.err()).isZero();

        Path clone = GeneratorRuns.cloneOf(temp, url, "source");
        rewrite(
                clone.resolve("apps/slipway/staging"),
                "deployment.yaml",
                "terminationGracePeriodSeconds: \\d+",
                "terminationGracePeriodSeconds: 5");
        git(clone, "-c", "user.name=intruder", "-c", "user.email=x@x", "commit", "-q", "-am", "shorter grace");
        git(clone, "push", "-q", "origin", "main");
        String refs = git(server.path("source.git"), "for-each-ref");

        CliRun promote = GeneratorRuns.promote(Map.of(), url, environments, "--skip-gates", GeneratorRuns.SKIP);
        assertThat(promote.exit()).isEqualTo(10);
        assertThat(promote.err())
                .contains(
                        "apps/slipway/staging: last change "
                                + git(server.path("source.git"), "rev-parse", "--short=12", "main")
                                        .trim() + " not signed; publish.signing is on "
                                + "for staging",
                        "promote refused: apps/slipway/staging does not hold what Slipway published, signed as");
        assertThat(git(server.path("source.git"), "for-each-ref")).isEqualTo(refs);
    }

    /** Scales production by hand and rewrites its .slipway.json digests to match, as a careful intruder would. */
    static void rewriteProduction(Path clone) throws IOException {
        Path folder = clone.resolve("apps/slipway/production");
        Matcher current = Pattern.compile("maxReplicas: (\\d+)").matcher(Files.readString(folder.resolve("hpa.yaml")));
        assertThat(current.find()).as("hpa.yaml names maxReplicas").isTrue();
        // Above the current count, so a second rewrite can never draw the value the first one left.
        int scaled = Integer.parseInt(current.group(1)) + 1 + (int) (Math.random() * 80);
        rewrite(folder, "hpa.yaml", "maxReplicas: \\d+", "maxReplicas: " + scaled);
    }

    /** Edits one file of a generated folder and rewrites its .slipway.json digests to match. */
    static void rewrite(Path folder, String name, String regex, String replacement) throws IOException {
        Path file = folder.resolve(name);
        String before = Files.readString(file);
        Files.writeString(file, before.replaceFirst(regex, replacement));
        assertThat(Files.readString(file)).as("%s changed", file).isNotEqualTo(before);
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path each : list.toList()) {
                files.put(each.getFileName().toString(), Files.readAllBytes(each));
            }
        }
        Provenance recorded = Provenance.fromJson(files.remove(Provenance.FILE));
        Provenance forged = new Provenance(
                recorded.app(),
                recorded.environment(),
                recorded.image(),
                recorded.digest(),
                recorded.sourceRepository(),
                recorded.sourceCommit(),
                recorded.valuesSha256(),
                recorded.generatorVersion(),
                Provenance.digests(files));
        Files.write(folder.resolve(Provenance.FILE), forged.toJson());
        assertThat(new String(forged.toJson(), StandardCharsets.UTF_8)).contains(name);
    }
}
