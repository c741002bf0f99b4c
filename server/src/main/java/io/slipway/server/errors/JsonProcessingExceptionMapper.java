package io.slipway.server.errors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bodies that are not JSON (400) or not the expected JSON (422, naming the field). Unknown fields are
 * refused, which is what keeps clients from setting {@code id}, {@code role} or {@code created_at}.
 */
public final class JsonProcessingExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException e) {
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping)) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            return ErrorBody.of(ErrorCode.MALFORMED_JSON, "the body is not valid JSON" + where, Map.of())
                    .toResponse(400);
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String accepted = unknown.getKnownPropertyIds().stream()
                    .map(Object::toString)
                    .sorted()
                    .collect(Collectors.joining(", "));
            return ErrorBody.of(
                            ErrorCode.VALIDATION_FAILED,
                            "unknown field \"" + unknown.getPropertyName() + "\"",
                            Map.of(path(mapping), "unknown field; accepted fields: " + accepted))
                    .toResponse(422);
        }
        String field = path(mapping);
        if (field.isEmpty()) {
            return ErrorBody.of(ErrorCode.MALFORMED_JSON, "the body must be a JSON object", Map.of())
                    .toResponse(400);
        }
        String expected = e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                ? "must be a " + jsonType(mismatch.getTargetType())
                : "has the wrong type";
        return ErrorBody.of(ErrorCode.VALIDATION_FAILED, "field \"" + field + "\" " + expected, Map.of(field, expected))
                .toResponse(422);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String jsonType(Class<?> type) {
        if (type == String.class) {
            return "string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        return "JSON object";
    }
}
