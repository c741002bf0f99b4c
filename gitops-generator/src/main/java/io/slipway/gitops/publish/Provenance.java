package io.slipway.gitops.publish;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.slipway.gitops.TerminalText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

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
 * @param files            {@code sha256:…} of every other file of the folder, by name: what
 *                         {@code verify} holds the folder to (empty when published by a generator
 *                         that did not record them)
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
        @JsonProperty("generatorVersion") String generatorVersion,
        @JsonProperty("files") SortedMap<String, String> files) {

    public static final String FILE = ".slipway.json";

    public Provenance {
        files = files == null ? new TreeMap<>() : new TreeMap<>(files);
    }

    /** The {@code files} entry of a folder's content: each file but this one, by its SHA-256. */
    public static SortedMap<String, String> digests(Map<String, byte[]> folder) {
        SortedMap<String, String> digests = new TreeMap<>();
        folder.forEach((name, bytes) -> {
            if (!name.equals(FILE)) {
                digests.put(name, sha256(bytes));
            }
        });
        return digests;
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public byte[] toJson() {
        try {
            return (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The provenance a folder's file records, refused unless every field has the shape Slipway
     * writes: what promote reads here ends up in Prometheus queries, commits and the next folder.
     */
    public static Provenance fromJson(byte[] json) {
        Provenance provenance;
        try {
            provenance = JSON.readValue(json, Provenance.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(FILE + " is not valid: " + e.getMessage(), e);
        }
        provenance.requireShape();
        return provenance;
    }

    private void requireShape() {
        if (digest == null || (!digest.isEmpty() && !digest.matches("sha256:[0-9a-f]{64}"))) {
            throw new IllegalArgumentException(FILE + ": digest " + visible(digest) + " is not sha256:<64 hex digits>");
        }
        if (image == null || !image.matches("[a-z0-9][a-z0-9._/:@-]{0,511}") || !image.endsWith(digest)) {
            throw new IllegalArgumentException(FILE + ": image " + visible(image) + " is not an image reference"
                    + (digest.isEmpty() ? "" : " ending in its digest"));
        }
        if (sourceCommit == null || !sourceCommit.matches("[0-9a-f]{7,40}|unknown")) {
            throw new IllegalArgumentException(
                    FILE + ": sourceCommit " + visible(sourceCommit) + " is not a commit id");
        }
        for (String text : new String[] {app, environment, sourceRepository, valuesSha256, generatorVersion}) {
            if (text == null || !TerminalText.isPlain(text)) {
                throw new IllegalArgumentException(
                        FILE + ": " + visible(String.valueOf(text)) + " is missing or holds a control character");
            }
        }
    }

    private static String visible(String text) {
        return text == null ? "(none)" : TerminalText.visible(text);
    }

    /** The tag, or the digest's first 12 hex digits. */
    public String shortDigest() {
        return digest.isEmpty() ? "no digest" : digest.substring("sha256:".length(), Math.min(digest.length(), 19));
    }
}
