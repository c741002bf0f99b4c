/**
 * Every error a client sees: one JSON body with the request id and the offending field, whatever
 * raised it (Jersey, validation, Jetty itself); nothing internal leaks into it.
 */
package io.slipway.server.errors;
