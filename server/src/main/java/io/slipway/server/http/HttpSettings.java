package io.slipway.server.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Request limits and cross-origin policy of the application connector. */
public class HttpSettings {

    private static final Pattern ORIGIN = Pattern.compile("^https?://[A-Za-z0-9.-]+(:\\d{1,5})?$");

    @NotNull
    @MinDataSize(1)
    @MaxDataSize(value = 64, unit = DataSizeUnit.MEBIBYTES)
    @JsonProperty
    private DataSize maxRequestBody = DataSize.mebibytes(1);

    /** Comma-separated origins allowed to call the API from a browser; empty allows none, "*" any. */
    @NotNull
    @JsonProperty
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private String corsOrigins = "";

    /**
     * Proxies in front of the server that each append the address they saw to {@code X-Forwarded-For}
     * (the ingress: 1). The client is the address the outermost of them saw; 0 uses the socket's peer.
     */
    @Min(0)
    @Max(10)
    @JsonProperty
    private int trustedProxyHops = 0;

    /** Whether {@code /docs} serves the interactive API page (Swagger UI); {@code /openapi.json} is always served. */
    @JsonProperty
    private boolean docsPage = false;

    public boolean isDocsPage() {
        return docsPage;
    }

    @ValidationMethod(
            message = "http.corsOrigins must be empty, \"*\", or comma-separated origins like https://app.example.com")
    public boolean isCorsOriginsValid() {
        return corsOriginList().stream()
                .allMatch(o -> o.equals("*") || ORIGIN.matcher(o).matches());
    }

    public List<String> corsOriginList() {
        return Arrays.stream(corsOrigins.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public int getTrustedProxyHops() {
        return trustedProxyHops;
    }

    public DataSize getMaxRequestBody() {
        return maxRequestBody;
    }
}
