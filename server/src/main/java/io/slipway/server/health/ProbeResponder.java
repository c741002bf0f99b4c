package io.slipway.server.health;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.health.HealthEnvironment;
import io.dropwizard.health.response.HealthResponderFactory;
import io.dropwizard.health.response.HealthResponse;
import io.dropwizard.health.response.HealthResponseProvider;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.dropwizard.jetty.setup.ServletEnvironment;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Serves dropwizard-health's answers where Kubernetes asks: {@code /health/live} and
 * {@code /health/ready}, plus the configured {@code healthCheckUrlPaths} with their
 * {@code ?type=alive|ready}. A plain servlet: probes are the most frequent requests a pod gets and
 * need none of Jersey's machinery. Configured as {@code health.responder.type: probes}.
 */
@JsonTypeName("probes")
public final class ProbeResponder implements HealthResponderFactory {

    /** What every probe path starts with, the default {@code healthCheckUrlPaths} ({@code /health-check}) too. */
    public static final String PREFIX = "/health";

    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";

    @Override
    public void configure(
            String name,
            Collection<String> urlPaths,
            HealthResponseProvider provider,
            HealthEnvironment health,
            JerseyEnvironment jersey,
            ServletEnvironment servlets,
            ObjectMapper mapper) {
        List<String> paths = new ArrayList<>(List.of(LIVE, READY));
        paths.addAll(urlPaths);
        servlets.addServlet(name + "-probes", new Probes(provider)).addMapping(paths.toArray(String[]::new));
    }

    private static final class Probes extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final Map<String, Collection<String>> ALIVE =
                Map.of(ProbeStatus.TYPE, List.of(ProbeStatus.ALIVE));
        private static final Map<String, Collection<String>> READY =
                Map.of(ProbeStatus.TYPE, List.of(ProbeStatus.READY));

        private final transient HealthResponseProvider provider;

        Probes(HealthResponseProvider provider) {
            this.provider = provider;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HealthResponse answer = provider.healthResponse(
                    switch (request.getServletPath()) {
                        case ProbeResponder.LIVE -> ALIVE;
                        case ProbeResponder.READY -> READY;
                        default -> ProbeStatus.ALIVE.equals(request.getParameter(ProbeStatus.TYPE)) ? ALIVE : READY;
                    });
            response.setStatus(answer.getStatus());
            response.setContentType(answer.getContentType());
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setHeader("Cache-Control", "no-store");
            // The writer encodes straight into Jetty's buffer: no byte[] per probe.
            response.getWriter().write(answer.getMessage());
        }
    }
}
