package io.slipway.server.errors;

import io.dropwizard.jersey.validation.ConstraintMessage;
import io.dropwizard.jersey.validation.JerseyViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.model.Invocable;

/** Bean Validation failures: 422, one entry per offending field. */
public final class ValidationExceptionMapper implements ExceptionMapper<JerseyViolationException> {

    /** Dropwizard names JAX-RS parameters "query param limit"; the field is "limit". */
    private static final Pattern PARAMETER_KIND =
            Pattern.compile("^(query param|path param|header|form field|cookie) ");

    @Override
    public Response toResponse(JerseyViolationException e) {
        Map<String, String> fields = new TreeMap<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            fields.merge(field(violation, e.getInvocable()), violation.getMessage(), (a, b) -> a + "; " + b);
        }
        String message = fields.entrySet().stream()
                .map(f -> f.getKey() + " " + f.getValue())
                .collect(Collectors.joining(", "));
        return ErrorBody.of(ErrorCode.VALIDATION_FAILED, message, fields).toResponse(422);
    }

    /**
     * {@code register.request.email} becomes {@code email}, a null body {@code body}, and a query or
     * path parameter its own name ({@code list.limit} becomes {@code limit}).
     */
    private static String field(ConstraintViolation<?> violation, Invocable invocable) {
        List<String> nodes = new ArrayList<>();
        violation.getPropertyPath().forEach(node -> nodes.add(node.getName()));
        if (nodes.size() > 2) {
            return String.join(".", nodes.subList(2, nodes.size()));
        }
        if (nodes.size() < 2
                || ConstraintMessage.isRequestEntity(violation, invocable).isPresent()) {
            return "body";
        }
        return PARAMETER_KIND.matcher(nodes.get(1)).replaceFirst("");
    }
}
