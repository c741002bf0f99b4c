/**
 * The Slipway users API: {@link io.slipway.server.SlipwayApplication} wires the features below in the
 * order requests meet them; {@link io.slipway.server.SlipwayConfiguration} is every setting, validated at
 * start; the operator commands ({@code create-admin}, {@code db verify}) and their one-line errors.
 */
package io.slipway.server;
