package io.slipway.server.http;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Who is calling, as far as the network can tell (see {@link ClientAddresses}): what login
 * throttling keys on. Resources read it from the request, where {@code ClientAddresses} put it.
 */
public record ClientAddress(String value) {

    static final String PROPERTY = ClientAddress.class.getName();

    /** The address {@link ClientAddresses} found for this request. */
    public static ClientAddress of(ContainerRequestContext request) {
        if (request.getProperty(PROPERTY) instanceof ClientAddress address) {
            return address;
        }
        throw new IllegalStateException("no client address: ClientAddresses is not registered");
    }

    /** Gives the request its address (what {@link ClientAddresses} does, and tests without a servlet container). */
    public void assignTo(ContainerRequestContext request) {
        request.setProperty(PROPERTY, this);
    }
}
