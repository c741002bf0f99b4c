/**
 * The one failure model: every refusal is a {@link io.slipway.gitops.failure.SlipwayFailure} that names its
 * {@link io.slipway.gitops.failure.ExitCode} and the lines to print. <b>For scripting:</b> both types.
 */
package io.slipway.gitops.failure;
