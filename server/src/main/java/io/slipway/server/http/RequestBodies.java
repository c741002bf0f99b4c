package io.slipway.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

/** How request bodies are read: exactly the JSON the API documents, nothing Jackson would guess at. */
public final class RequestBodies {

    private RequestBodies() {}

    /**
     * Applied in {@code run()}, after the configuration file is read with the same mapper, so that
     * configuration keeps YAML's leniency (an all-digit password from the environment is still a
     * string there). From here on: a number or boolean where a string belongs is refused instead of
     * converted, a key given twice is refused instead of the last one silently winning, and
     * anything after the JSON value is refused instead of ignored.
     */
    public static void beStrict(ObjectMapper mapper) {
        for (CoercionInputShape scalar : new CoercionInputShape[] {
            CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
        }) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        }
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
