/**
 * HTTP hardening in front of the API: body limits, strict UTF-8, CORS, the admin allowlist, the
 * client address behind trusted proxies.
 */
package io.slipway.server.http;
