/**
 * Slipway's GitOps generator. <b>For scripting:</b> {@link io.slipway.gitops.Generator} renders and
 * validates an environment for an image. {@link io.slipway.gitops.Secrets}, {@link io.slipway.gitops.TerminalText}
 * and {@link io.slipway.gitops.FolderDiff} are public for the generator's own packages.
 */
package io.slipway.gitops;
