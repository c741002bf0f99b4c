/**
 * Promotion from one environment to another on the source's evidence, and rollback as a new commit.
 * <b>For scripting:</b> {@link io.slipway.gitops.promote.Promotion} ({@code check}, then {@code deliver}),
 * {@link io.slipway.gitops.promote.Rollback} ({@code find}, then {@code deliver}),
 * {@link io.slipway.gitops.promote.WatchWorkflow} (a watch from the release to its conclusion, rollback
 * included), {@link io.slipway.gitops.promote.PrometheusClient} (or any
 * {@link io.slipway.gitops.promote.PrometheusQueries}) and the {@link io.slipway.gitops.promote.Verdict} they
 * return; {@link io.slipway.gitops.promote.Ticker} is the time a watch waits on. {@link io.slipway.gitops.promote.PromotionGates} is public for the command line.
 */
package io.slipway.gitops.promote;
