/**
 * The {@code slipway-gitops} command line: options, printing and exit statuses only; the work is done
 * by the packages below it. <b>For scripting:</b> {@link io.slipway.gitops.cli.SlipwayGitops#run} runs a
 * command line in-process with a given environment.
 */
package io.slipway.gitops.cli;
