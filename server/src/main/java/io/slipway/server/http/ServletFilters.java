package io.slipway.server.http;

import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;

/** The application's servlet filters: each on every request, in the order they are added. */
public final class ServletFilters {

    private ServletFilters() {}

    public static void add(Environment environment, String name, Filter filter) {
        environment
                .servlets()
                .addFilter(name, filter)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    }
}
