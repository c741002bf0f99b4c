/**
 * The config repository and deliveries into it. <b>For scripting:</b>
 * {@link io.slipway.gitops.publish.ConfigRemote} (fetch, push) and the
 * {@link io.slipway.gitops.publish.ConfigSnapshot} a fetch returns (folders, files, history);
 * {@link io.slipway.gitops.publish.PublishedFolder}, an environment's folder read and verified once and saved
 * only over what was read;
 * {@link io.slipway.gitops.publish.Publisher}, which delivers a {@link io.slipway.gitops.publish.Delivery}
 * (made by {@link io.slipway.gitops.publish.Deliveries}) through a {@link io.slipway.gitops.publish.Forge};
 * {@link io.slipway.gitops.publish.FolderVerification} and {@link io.slipway.gitops.publish.Provenance}.
 * Commits are built by the package-private {@code FolderCommit}.
 */
package io.slipway.gitops.publish;
