package io.slipway.server.errors;

import java.util.List;

/** The exception mappers every API error goes through, in one list for the application and its resource tests. */
public final class ErrorMappers {

    private ErrorMappers() {}

    /** New instances of the mappers: API refusals, Jersey's own errors, bad JSON, failed validation, and the rest. */
    public static List<Object> all() {
        return List.of(
                new ApiExceptionMapper(),
                new WebApplicationExceptionMapper(),
                new JsonProcessingExceptionMapper(),
                new ValidationExceptionMapper(),
                new UnhandledExceptionMapper());
    }
}
