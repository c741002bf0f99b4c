package io.slipway.server.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import java.util.regex.Pattern;

/**
 * Who is calling, as far as the network can tell: the socket's peer, or — behind
 * {@code trustedProxyHops} proxies that each append to {@code X-Forwarded-For} — the address the
 * outermost trusted proxy saw. Entries left of that are the client's own claims and are ignored,
 * so a client cannot pick its own identity for throttling. A request filter: each request carries
 * its {@link ClientAddress} from here on.
 */
@PreMatching
public final class ClientAddresses implements ContainerRequestFilter {

    private static final Pattern ADDRESS = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");

    private final int trustedProxyHops;

    @Context
    private HttpServletRequest servletRequest;

    public ClientAddresses(int trustedProxyHops) {
        this.trustedProxyHops = trustedProxyHops;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        new ClientAddress(of(servletRequest)).assignTo(request);
    }

    /** The caller's address as far as the trusted proxies tell; also what rate limits key anonymous callers on. */
    public String of(HttpServletRequest request) {
        if (trustedProxyHops == 0) {
            return request.getRemoteAddr();
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null) {
            return request.getRemoteAddr();
        }
        String[] hops = forwarded.split(",", -1); // a trailing comma is an empty, invalid hop
        if (hops.length < trustedProxyHops) {
            return request.getRemoteAddr();
        }
        String address = hops[hops.length - trustedProxyHops].trim();
        return ADDRESS.matcher(address).matches() ? address : request.getRemoteAddr();
    }
}
