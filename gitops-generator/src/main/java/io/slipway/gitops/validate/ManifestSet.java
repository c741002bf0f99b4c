package io.slipway.gitops.validate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The manifests of one folder: every object of every {@code .yaml}/{@code .yml} file (several
 * documents per file allowed), the folder's {@code kustomization.yaml} if any, and the problems
 * met while parsing.
 *
 * @param manifests     the objects, in file order
 * @param files         every manifest file's text, by name
 * @param parseProblems files that are not YAML, or documents that are not objects
 */
public record ManifestSet(List<Manifest> manifests, SortedMap<String, String> files, List<Problem> parseProblems) {

    public static final String KUSTOMIZATION = "kustomization.yaml";
    static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    /** Parses files held in memory (file name to text). */
    public static ManifestSet parse(Map<String, String> files) {
        List<Manifest> manifests = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        SortedMap<String, String> sorted = new TreeMap<>(files);
        sorted.forEach((file, text) -> {
            if (file.equals(KUSTOMIZATION)) {
                return;
            }
            try (MappingIterator<JsonNode> documents =
                    YAML.readerFor(JsonNode.class).readValues(text)) {
                while (documents.hasNext()) {
                    JsonNode document = documents.next();
                    if (document == null || document.isNull() || document.isMissingNode()) {
                        continue;
                    }
                    if (!document.isObject()) {
                        problems.add(new Problem(file, "-", "yaml", "a document is not a YAML map"));
                    } else {
                        manifests.add(new Manifest(file, document));
                    }
                }
            } catch (JsonProcessingException | RuntimeException e) {
                problems.add(new Problem(file, "-", "yaml", "not valid YAML: " + oneLine(e)));
            } catch (IOException e) {
                problems.add(new Problem(file, "-", "yaml", "unreadable: " + e.getMessage()));
            }
        });
        return new ManifestSet(List.copyOf(manifests), sorted, List.copyOf(problems));
    }

    /** Reads every manifest file directly inside a folder. */
    public static ManifestSet read(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path path : entries.filter(Files::isRegularFile).toList()) {
                String name = path.getFileName().toString();
                if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                    files.put(name, Files.readString(path, StandardCharsets.UTF_8));
                }
            }
        }
        return parse(files);
    }

    private static String oneLine(Exception e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        String where = e instanceof JsonProcessingException json && json.getLocation() != null
                ? "line " + json.getLocation().getLineNr() + ": "
                : "";
        String text = String.valueOf(message).replaceAll("\\s+", " ").trim();
        int source = text.indexOf(" at [Source:");
        return where + (source < 0 ? text : text.substring(0, source));
    }
}
