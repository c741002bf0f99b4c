package io.slipway.server.observability.tracing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Where traces go and how many: off while {@code endpoint} is empty. */
public class TracingSettings {

    /** OTLP over HTTP (protobuf), or Zipkin's JSON v2 API. */
    public enum Protocol {
        OTLP,
        ZIPKIN
    }

    /** The collector's traces URL: {@code https://…/v1/traces} for OTLP, {@code http://…:9411/api/v2/spans} for Zipkin. */
    @NotNull
    @Pattern(regexp = "^$|^https?://[^\\s?#]+$", message = "must be empty (tracing off) or an http(s) URL")
    @JsonProperty
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private String endpoint = "";

    @NotNull
    @JsonProperty
    private Protocol protocol = Protocol.OTLP;

    /** The share of traces begun here that are kept; a caller's sampled {@code traceparent} is always followed. */
    @DecimalMin("0.0")
    @DecimalMax("1.0")
    @JsonProperty
    private double samplingRatio = 0.1;

    /** Request headers for the collector, {@code name=value} separated by commas (the ARMS token: {@code Authentication=…}). */
    @NotNull
    @JsonProperty
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private String headers = "";

    @NotBlank
    @JsonProperty
    private String serviceName = "slipway";

    /** {@code deployment.environment.name} on every span: dev, staging, production. */
    @NotNull
    @JsonProperty
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private String environment = "";

    @ValidationMethod(message = "tracing.headers must be name=value pairs separated by commas, and only with OTLP")
    public boolean isHeadersValid() {
        return headers.isBlank()
                || (protocol == Protocol.OTLP
                        && Arrays.stream(headers.split(","))
                                .allMatch(pair -> pair.indexOf('=') > 0
                                        && !pair.substring(0, pair.indexOf('=')).isBlank()));
    }

    public Optional<URI> endpoint() {
        return endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint));
    }

    public Protocol getProtocol() {
        return protocol;
    }

    public double getSamplingRatio() {
        return samplingRatio;
    }

    public Map<String, String> headerMap() {
        Map<String, String> map = new LinkedHashMap<>();
        if (!headers.isBlank()) {
            for (String pair : headers.split(",", -1)) {
                if (pair.isBlank()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                map.put(
                        pair.substring(0, equals).trim(),
                        pair.substring(equals + 1).trim());
            }
        }
        return map;
    }

    public String getServiceName() {
        return serviceName;
    }

    public String getEnvironment() {
        return environment;
    }
}
