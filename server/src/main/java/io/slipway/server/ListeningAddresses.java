package io.slipway.server;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line, once Jetty has started, saying where the API and the admin port listen. */
final class ListeningAddresses {

    private static final Logger LOG = LoggerFactory.getLogger(ListeningAddresses.class);

    private ListeningAddresses() {}

    static void log(Server server) {
        String addresses = Arrays.stream(server.getConnectors())
                .filter(ServerConnector.class::isInstance)
                .map(ServerConnector.class::cast)
                .map(connector -> role(connector.getName()) + " http://" + host(connector.getHost()) + ":"
                        + connector.getLocalPort() + "/")
                .collect(Collectors.joining(", "));
        LOG.info("slipway listening: {}", addresses);
    }

    private static String role(String connector) {
        return "application".equals(connector) ? "API" : String.valueOf(connector);
    }

    private static String host(String bound) {
        return bound == null || bound.isEmpty() ? "0.0.0.0" : bound;
    }
}
