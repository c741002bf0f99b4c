package io.slipway.gitops.values;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.slipway.gitops.TerminalText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code base.yaml} and {@code <env>.yaml} from an environments folder, deep-merges them
 * (maps key by key; lists and scalars replaced) and checks the result against the values schema.
 * Every problem is reported, each naming the file that holds (or should hold) the key.
 */
public final class ValuesLoader {

    public static final String BASE = "base.yaml";
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]$");
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(s|m|h)");
    /** The longest promotion window, soak or rollout deadline the values may set. */
    static final Duration LONGEST = Duration.ofDays(366);

    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
    private static final ObjectMapper CANONICAL_JSON =
            new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final JsonSchema SCHEMA = loadSchema();

    private final Path directory;
    private ObjectNode base;

    public ValuesLoader(Path directory) {
        this.directory = directory;
    }

    public EnvironmentValues load(String environment) throws ValuesException {
        if (!ENVIRONMENT_NAME.matcher(environment).matches()) {
            throw new ValuesException(
                    "--env " + environment + ": not an environment name (lower-case letters, digits, '-')");
        }
        if (!Files.isDirectory(directory)) {
            throw new ValuesException("--environments " + directory + ": no such folder in "
                    + Path.of("").toAbsolutePath() + "; run from the source repository's root or pass --environments"
                    + " DIR");
        }
        if (environment.equals(BASE.replace(".yaml", ""))) {
            throw new ValuesException("--env base: " + BASE + " holds the defaults every environment shares, not an"
                    + " environment; " + known(environments()));
        }
        Path basePath = directory.resolve(BASE);
        Path envPath = directory.resolve(environment + ".yaml");
        ObjectNode base = base(basePath);
        if (!Files.exists(envPath)) {
            List<String> environments = environments();
            throw new ValuesException(display(envPath) + ": file not found"
                    + Suggestion.closest(environment, environments)
                            .map(name -> "; did you mean --env " + name + "?")
                            .orElse("")
                    + "; " + known(environments));
        }
        ObjectNode overrides = read(envPath);
        ObjectNode merged = base.deepCopy();
        deepMerge(merged, overrides);

        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : SCHEMA.validate(merged)) {
            problems.add(describe(message, base, overrides, basePath, envPath));
        }
        if (!environment.equals(merged.path("environment").asText(environment))) {
            problems.add(display(envPath) + ": environment: must equal the file name (\"" + environment + "\")");
        }
        problems.addAll(crossFieldProblems(merged, envPath));
        problems.addAll(
                controlCharacters("", merged, key -> has(overrides, key) || !has(base, key) ? envPath : basePath));
        if (!problems.isEmpty()) {
            throw new ValuesException(problems.stream().sorted().toList());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = YAML.convertValue(merged, Map.class);
        return new EnvironmentValues(environment, tree, sha256(merged));
    }

    /** The environments this folder defines: every {@code <name>.yaml} but base.yaml, by name. */
    public List<String> environments() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals(BASE))
                    .map(name -> name.substring(0, name.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private String known(List<String> environments) {
        return "environments in " + display(directory.resolve(BASE)).replace(BASE, "") + ": "
                + String.join(", ", environments);
    }

    /** base.yaml is read once per loader; every environment merges onto a copy of it. */
    private ObjectNode base(Path basePath) throws ValuesException {
        if (base == null) {
            base = read(basePath);
        }
        return base;
    }

    private ObjectNode read(Path file) throws ValuesException {
        try {
            JsonNode node = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (node == null || node.isMissingNode() || node.isNull()) {
                return YAML.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ValuesException(display(file) + ": (top level): must be a map of keys to values");
            }
            return (ObjectNode) node;
        } catch (NoSuchFileException e) {
            throw new ValuesException(display(file) + ": file not found");
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new ValuesException(display(file) + ": " + where + "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ValuesException(display(file) + ": cannot read: " + e.getMessage());
        }
    }

    private static void deepMerge(ObjectNode target, ObjectNode overrides) {
        Iterator<Map.Entry<String, JsonNode>> fields = overrides.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode override) {
                deepMerge(existingObject, override);
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    /** Rules a JSON schema cannot state. */
    private static List<String> crossFieldProblems(JsonNode values, Path envPath) {
        List<String> problems = new ArrayList<>();
        JsonNode autoscaling = values.path("autoscaling");
        if (autoscaling.path("minReplicas").asInt()
                > autoscaling.path("maxReplicas").asInt()) {
            problems.add(display(envPath) + ": autoscaling.minReplicas: must not exceed autoscaling.maxReplicas");
        }
        JsonNode shutdown = values.path("shutdown");
        int budget = shutdown.path("preStopSeconds").asInt()
                + shutdown.path("waitPeriodSeconds").asInt()
                + shutdown.path("gracePeriodSeconds").asInt();
        if (shutdown.path("terminationGracePeriodSeconds").asInt() <= budget) {
            problems.add(display(envPath) + ": shutdown.terminationGracePeriodSeconds: must exceed preStopSeconds + "
                    + "waitPeriodSeconds + gracePeriodSeconds (" + budget
                    + "s), or the kubelet kills requests in flight");
        }
        JsonNode secrets = values.path("secrets");
        if ("external-secrets".equals(secrets.path("provider").asText())
                && secrets.path("clusterSecretStore").asText("").isEmpty()) {
            problems.add(display(envPath)
                    + ": secrets.clusterSecretStore: required when secrets.provider is external-secrets");
        }
        // A promotion gate laxer than the alert would ship what production then alerts on.
        JsonNode gates = values.path("promotion").path("gates");
        JsonNode monitoring = values.path("monitoring");
        if (gates.path("maxErrorRatio").asDouble()
                > monitoring.path("errorRateThreshold").asDouble()) {
            problems.add(display(envPath)
                    + ": promotion.gates.maxErrorRatio: must not exceed monitoring.errorRateThreshold ("
                    + monitoring.path("errorRateThreshold").asText() + ")");
        }
        if (gates.path("maxP99LatencySeconds").asDouble()
                > monitoring.path("p99LatencySecondsThreshold").asDouble()) {
            problems.add(display(envPath) + ": promotion.gates.maxP99LatencySeconds: must not exceed "
                    + "monitoring.p99LatencySecondsThreshold ("
                    + monitoring.path("p99LatencySecondsThreshold").asText() + ")");
        }
        JsonNode windows = values.path("promotion").path("windows");
        for (int i = 0; i < windows.size(); i++) {
            String key = "promotion.windows[" + i + "]";
            PromotionWindow.scheduleProblem(windows.get(i).path("schedule").asText())
                    .ifPresent(problem -> problems.add(display(envPath) + ": " + key + ".schedule: " + problem));
            PromotionWindow.zoneProblem(windows.get(i).path("timeZone").asText())
                    .ifPresent(problem -> problems.add(display(envPath) + ": " + key + ".timeZone: " + problem));
            tooLong(windows.get(i).path("duration").asText())
                    .ifPresent(problem -> problems.add(display(envPath) + ": " + key + ".duration: " + problem));
        }
        for (String key : List.of("promotion.gates.soak", "promotion.rolloutDeadline")) {
            tooLong(values.at("/" + key.replace('.', '/')).asText())
                    .ifPresent(problem -> problems.add(display(envPath) + ": " + key + ": " + problem));
        }
        problems.addAll(tracingProblems(values.path("tracing"), envPath));
        JsonNode config = values.path("config");
        if (config.path("DB_POOL_MIN_SIZE").asInt()
                > config.path("DB_POOL_MAX_SIZE").asInt()) {
            problems.add(display(envPath) + ": config.DB_POOL_MIN_SIZE: must not exceed config.DB_POOL_MAX_SIZE");
        }
        return problems;
    }

    /** An endpoint the NetworkPolicy would not let the pods reach sends nothing, and says so nowhere. */
    private static List<String> tracingProblems(JsonNode tracing, Path envPath) {
        String endpoint = tracing.path("endpoint").asText("");
        if (endpoint.isEmpty()) {
            return List.of();
        }
        JsonNode egress = tracing.path("egress");
        if (egress.isMissingNode()) {
            return List.of(display(envPath) + ": tracing.egress: required with tracing.endpoint (the CIDRs the"
                    + " endpoint's host resolves to, and its port), or the NetworkPolicy blocks every span");
        }
        URI uri = URI.create(endpoint);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        if (egress.path("port").asInt() != port) {
            return List.of(display(envPath) + ": tracing.egress.port: "
                    + egress.path("port").asInt() + " is not the port of tracing.endpoint (" + port + ")");
        }
        return List.of();
    }

    /**
     * A duration past {@link #LONGEST}: the schema lets any count of digits through, and such a
     * value would overflow where it is added to a time. Empty for one that is fine or that is not a
     * duration at all (the schema says what is wrong with that).
     */
    private static Optional<String> tooLong(String text) {
        Matcher duration = DURATION.matcher(text);
        if (!duration.matches()) {
            return Optional.empty();
        }
        long unit = switch (duration.group(2)) {
            case "h" -> 3600;
            case "m" -> 60;
            default -> 1;
        };
        return new BigInteger(duration.group(1))
                                .multiply(BigInteger.valueOf(unit))
                                .compareTo(BigInteger.valueOf(LONGEST.toSeconds()))
                        > 0
                ? Optional.of(TerminalText.visible(text) + " is longer than a year; at most " + LONGEST.toHours() + "h")
                : Optional.empty();
    }

    /**
     * Every key and string value holding a line break or another control character, one line each:
     * each value becomes one line of a manifest, a ConfigMap entry or a commit's change summary,
     * where such a character could only break the document or forge a line a reviewer trusts.
     */
    private static List<String> controlCharacters(String path, JsonNode node, Function<String, Path> fileOf) {
        List<String> problems = new ArrayList<>();
        if (node.isTextual() && !TerminalText.isPlain(node.asText())) {
            problems.add(display(fileOf.apply(path)) + ": " + TerminalText.visible(path) + ": holds a line break or"
                    + " control character (\"" + TerminalText.visible(node.asText())
                    + "\"); every value Slipway renders is one line of plain text");
        } else if (node.isObject()) {
            node.properties()
                    .forEach(field ->
                            problems.addAll(controlCharacters(join(path, field.getKey()), field.getValue(), fileOf)));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                problems.addAll(controlCharacters(path + "[" + i + "]", node.get(i), fileOf));
            }
        }
        return problems;
    }

    private static String describe(
            ValidationMessage message, JsonNode base, JsonNode overrides, Path basePath, Path envPath) {
        String path = message.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
        String type = message.getType();
        String key;
        String reason;
        if ("required".equals(type)) {
            key = join(path, message.getProperty());
            reason = "required key is missing (set it in " + BASE + " or " + envPath.getFileName() + ")";
        } else if ("additionalProperties".equals(type)) {
            key = join(path, message.getProperty());
            reason = "unknown key"
                    + Suggestion.closest(message.getProperty(), siblings(base, path))
                            .map(name -> "; did you mean " + join(path, name) + "?")
                            .orElse("");
        } else {
            key = path.isEmpty() ? "(top level)" : path;
            reason = message.getMessage().replaceFirst("^\\$[^:]*:\\s*", "");
        }
        Path file = has(overrides, key) || !has(base, key) ? envPath : basePath;
        return display(file) + ": " + key + ": " + reason;
    }

    /** The keys base.yaml defines at a dotted path: what a mistyped key there was probably meant to be. */
    private static List<String> siblings(JsonNode base, String dotted) {
        JsonNode node = base;
        for (String part : dotted.isEmpty() ? new String[0] : dotted.split("\\.")) {
            node = node.path(part.replaceAll("\\[\\d+]$", ""));
        }
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "." + child;
    }

    /** Whether the dotted key path (with [i] indices) exists in a parsed file. */
    private static boolean has(JsonNode root, String dotted) {
        JsonNode node = root;
        for (String part : dotted.split("\\.")) {
            String name = part.replaceAll("\\[\\d+]$", "");
            node = node.path(name);
            Matcher index = INDEX.matcher(part);
            if (index.find()) {
                node = node.path(Integer.parseInt(index.group(1)));
            }
            if (node.isMissingNode()) {
                return false;
            }
        }
        return true;
    }

    private static String display(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return (parent == null ? "" : parent.getFileName() + "/") + file.getFileName();
    }

    private static String sha256(JsonNode values) {
        try {
            byte[] canonical = CANONICAL_JSON.writeValueAsBytes(CANONICAL_JSON.treeToValue(values, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = ValuesLoader.class.getResourceAsStream("/schemas/values.schema.json")) {
            JsonNode schema = CANONICAL_JSON.readTree(in);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
