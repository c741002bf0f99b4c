/**
 * Environments' values: {@code base.yaml} and {@code NAME.yaml}, schema-checked, as typed records.
 * <b>For scripting:</b> {@link io.slipway.gitops.values.ValuesLoader} and the
 * {@link io.slipway.gitops.values.EnvironmentValues} it loads.
 */
package io.slipway.gitops.values;
