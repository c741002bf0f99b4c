package io.slipway.gitops.publish;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;

/**
 * {@code .slipway.json}: where an environment's folder came from. It holds no timestamp and no
 * pipeline, so re-publishing the same artifact writes the same bytes and makes no commit; the
 * commit (its date and {@code Pipeline:} trailer) records when and by which pipeline.
 *
 * @param app              application name
 * @param environment      environment name
 * @param image            the image reference as deployed
 * @param digest           {@code sha256:…}, or empty when deployed by tag
 * @param sourceRepository the repository the image was built from ({@code $CI_PROJECT_URL})
 * @param sourceCommit     the commit the image was built from
 * @param valuesSha256     hash of the merged environment values
 * @param generatorVersion the generator that rendered the folder
 */
@JsonPropertyOrder(alphabetic = true)
public record Provenance(
        @JsonProperty("app") String app,
        @JsonProperty("environment") String environment,
        @JsonProperty("image") String image,
        @JsonProperty("digest") String digest,
        @JsonProperty("sourceRepository") String sourceRepository,
        @JsonProperty("sourceCommit") String sourceCommit,
        @JsonProperty("valuesSha256") String valuesSha256,
        @JsonProperty("generatorVersion") String generatorVersion) {

    public static final String FILE = ".slipway.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public byte[] toJson() {
        try {
            return (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Provenance fromJson(byte[] json) {
        try {
            return JSON.readValue(json, Provenance.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(FILE + " is not valid: " + e.getMessage(), e);
        }
    }

    /** The tag, or the digest's first 12 hex digits. */
    public String shortDigest() {
        return digest.isEmpty() ? "no digest" : digest.substring("sha256:".length(), Math.min(digest.length(), 19));
    }
}
