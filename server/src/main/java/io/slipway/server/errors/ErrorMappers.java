package io.slipway.server.errors;

import io.slipway.server.health.DependencyOutages;
import java.util.List;

/** The exception mappers every API error goes through, in one list for the application and its resource tests. */
public final class ErrorMappers {

    private ErrorMappers() {}

    /**
     * New instances of the mappers: API refusals, Jersey's own errors, bad JSON, failed validation,
     * and the rest (an unreachable database counted in {@code outages}).
     */
    public static List<Object> all(DependencyOutages outages) {
        return List.of(
                new ApiExceptionMapper(),
                new WebApplicationExceptionMapper(),
                new JsonProcessingExceptionMapper(),
                new ValidationExceptionMapper(),
                new UnhandledExceptionMapper(outages));
    }
}
