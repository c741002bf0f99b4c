/**
 * PostgreSQL (H2 for the embedded default): the pool, the statement policy, the schema's migrations
 * and {@code db verify}.
 */
package io.slipway.server.database;
