package io.slipway.server.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Holds every answer the tests receive from the API to the published document (docs/api/openapi.json,
 * itself held equal to what the server serves by {@code ApiClientsTest}), with Atlassian's
 * OpenAPI validator: status documented for the operation, body matching its schema, required headers
 * present and well-formed. Requests are not checked: tests send malformed ones on purpose.
 */
public final class ApiContract {

    /** The published document, from the server module's directory (where the tests run). */
    public static final Path DOCUMENT = Path.of("..", "docs", "api", "openapi.json");

    private static final String API_PREFIX = "/api/";

    private ApiContract() {}

    /** Fails the test when an answer to an API operation is not what the document says it can be. */
    public static void check(String method, String path, Api.Reply reply) {
        if (!path.startsWith(API_PREFIX) || !Files.exists(DOCUMENT)) {
            return;
        }
        SimpleResponse.Builder response =
                SimpleResponse.Builder.status(reply.status()).withBody(reply.text());
        reply.headers().forEach((name, values) -> response.withHeader(name, values));
        ValidationReport report = Loaded.VALIDATOR.validateResponse(
                path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), response.build());
        if (report.hasErrors()) {
            throw new AssertionError("the answer to " + method + " " + path + " (" + reply.status()
                    + ") breaks docs/api/openapi.json:\n"
                    + report.getMessages().stream()
                            .map(m -> "  " + m.getKey() + ": " + m.getMessage())
                            .collect(Collectors.joining("\n"))
                    + "\nheaders: " + reply.headers() + "\nbody: " + reply.text());
        }
    }

    /** Built at first use: the document is parsed once per test JVM. */
    private static final class Loaded {
        static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator.createFor(DOCUMENT.toString())
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request", ValidationReport.Level.IGNORE)
                        // A path or method the document lacks is the HostileInputTest's doing (404/405),
                        // answered before any operation; those answers are checked there.
                        .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }
}
