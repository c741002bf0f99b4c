package io.slipway.server.observability;

import java.util.List;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Records the matched route template ({@code /api/v1/users/{id}}) on the request, so metrics and
 * logs label requests by route rather than by raw, unbounded path.
 */
public final class RouteTemplateListener implements ApplicationEventListener {

    /** Request attribute holding the template. */
    public static final String ROUTE_ATTRIBUTE = "io.slipway.route";

    private static final RequestEventListener ON_MATCH = event -> {
        if (event.getType() == RequestEvent.Type.REQUEST_MATCHED) {
            event.getContainerRequest()
                    .setProperty(ROUTE_ATTRIBUTE, template(event.getUriInfo().getMatchedTemplates()));
        }
    };

    @Override
    public void onEvent(ApplicationEvent event) {}

    @Override
    public RequestEventListener onRequest(RequestEvent requestEvent) {
        return ON_MATCH;
    }

    /** Jersey lists templates innermost first; join them outermost first. */
    static String template(List<UriTemplate> matched) {
        StringBuilder route = new StringBuilder();
        for (int i = matched.size() - 1; i >= 0; i--) {
            String part = matched.get(i).getTemplate();
            if (part.isEmpty() || part.equals("/")) {
                continue;
            }
            if (!part.startsWith("/")) {
                route.append('/');
            }
            route.append(part.endsWith("/") ? part.substring(0, part.length() - 1) : part);
        }
        return route.length() == 0 ? "/" : route.toString();
    }
}
