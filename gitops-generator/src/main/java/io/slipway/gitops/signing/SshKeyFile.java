package io.slipway.gitops.signing;

import static io.slipway.gitops.signing.SigningSettings.KEY;
import static io.slipway.gitops.signing.SigningSettings.rootMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.eclipse.jgit.lib.GpgSignature;

/** An OpenSSH private key file, as {@code ssh-keygen} writes it, signed with through JGit's Apache MINA sshd signer. */
final class SshKeyFile {

    /** {@code SSHSIG}, the first bytes of an SSH signature blob. */
    private static final int MAGIC_LENGTH = 6;

    private SshKeyFile() {}

    /** The key, named {@code SSH key} until its fingerprint is read from a signature ({@link #fingerprint}). */
    static SigningKey load(SigningSettings settings) throws SigningException {
        String head;
        try {
            head = new String(Files.readAllBytes(settings.keyFile()), StandardCharsets.US_ASCII)
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
        return new SigningKey(
                CommitSigner.Format.SSH, settings.keyFile().toAbsolutePath().toString(), "SSH key");
    }

    /**
     * The SHA-256 fingerprint (as {@code ssh-keygen -l} prints it) of the public key an SSH signature
     * carries (PROTOCOL.sshsig: magic, version, key).
     */
    static String fingerprint(GpgSignature signature) throws SigningException {
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
}
