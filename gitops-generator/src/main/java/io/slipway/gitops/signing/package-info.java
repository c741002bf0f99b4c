/**
 * Signing the commits Slipway makes and checking who signed a commit. <b>For scripting:</b>
 * {@link io.slipway.gitops.signing.CommitSigner#fromEnvironment} and
 * {@link io.slipway.gitops.signing.TrustedSigners}; the key formats are package-private.
 */
package io.slipway.gitops.signing;
