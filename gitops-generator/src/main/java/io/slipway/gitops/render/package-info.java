/**
 * Values and templates into manifests. Public for {@link io.slipway.gitops.Generator}, which is the way
 * to render from a script.
 */
package io.slipway.gitops.render;
