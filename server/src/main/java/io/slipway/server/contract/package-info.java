/**
 * The API's published contract: the OpenAPI document generated from the resources, served with its
 * docs page.
 */
package io.slipway.server.contract;
