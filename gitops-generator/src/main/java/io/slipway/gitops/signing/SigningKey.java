package io.slipway.gitops.signing;

/**
 * A key ready for JGit's signer.
 *
 * @param jgitKey     what JGit's signer is given as the signing key: an OpenPGP fingerprint, an SSH key file
 * @param description how messages name it: the format and the key's id, never the key
 */
record SigningKey(CommitSigner.Format format, String jgitKey, String description) {}
