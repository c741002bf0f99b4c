/**
 * The schema and policy checks on manifests. <b>For scripting:</b>
 * {@link io.slipway.gitops.validate.ManifestValidator} and the {@link io.slipway.gitops.validate.Problem}s
 * it reports. {@link io.slipway.gitops.validate.StrictCrdSchemas} is a build step.
 */
package io.slipway.gitops.validate;
