package io.slipway.gitops.publish;

import io.slipway.gitops.Generator;
import io.slipway.gitops.GeneratorVersion;
import io.slipway.gitops.values.EnvironmentValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builds the {@link Delivery} for a release (publish, promote) or a restored folder (rollback). */
public final class Deliveries {

    /** The generator as provenance and summaries name it. */
    public static final String GENERATOR_VERSION = GeneratorVersion.product();

    private Deliveries() {}

    /** Where the change came from, as CI knows it. */
    public record Origin(String sourceRepository, String pipeline) {}

    public static String folder(EnvironmentValues values) {
        return "apps/" + values.appName() + "/" + values.environment();
    }

    /** The rendered manifests plus their provenance, delivered through the environment's mode. */
    public static Delivery forRelease(Generator.Release release, Origin origin, String branch, boolean dryRun) {
        EnvironmentValues values = release.values();
        Map<String, byte[]> files = withProvenance(release, origin.sourceRepository());
        String summary = values.appName() + "/" + values.environment() + ": deploy "
                + release.image().version() + " ("
                + Provenance.fromJson(files.get(Provenance.FILE)).shortDigest() + ")";
        List<String> trailers = List.of(
                "Source-Commit: " + release.sourceCommit(),
                "Image: " + release.image(),
                "Pipeline: " + origin.pipeline(),
                "Environment: " + values.environment());
        return delivery(values, files, summary, trailers, origin, branch, dryRun);
    }

    /**
     * The values as they are now, rendered with the image the folder runs ({@code running}, its
     * provenance): the image's source repository and commit stay as recorded, {@code Values-Commit:}
     * names the commit the values were read at.
     */
    public static Delivery forConfigChange(
            Generator.Release release,
            Provenance running,
            Origin origin,
            String branch,
            String valuesCommit,
            boolean dryRun) {
        EnvironmentValues values = release.values();
        Map<String, byte[]> files = withProvenance(release, running.sourceRepository());
        String summary = values.appName() + "/" + values.environment() + ": configure, keeping "
                + release.image().version() + " (" + running.shortDigest() + ")";
        List<String> trailers = List.of(
                "Source-Commit: " + release.sourceCommit(),
                "Values-Commit: " + valuesCommit,
                "Image: " + release.image(),
                "Pipeline: " + origin.pipeline(),
                "Environment: " + values.environment());
        return delivery(values, files, summary, trailers, origin, branch, dryRun);
    }

    /** The rendered files and the provenance that records them. */
    private static Map<String, byte[]> withProvenance(Generator.Release release, String sourceRepository) {
        EnvironmentValues values = release.values();
        Map<String, byte[]> files = new TreeMap<>();
        release.manifests().files().forEach((name, text) -> files.put(name, text.getBytes(StandardCharsets.UTF_8)));
        Provenance provenance = new Provenance(
                values.appName(),
                values.environment(),
                release.image().toString(),
                release.image().digest().orElse(""),
                sourceRepository,
                release.sourceCommit(),
                values.sha256(),
                GENERATOR_VERSION,
                Provenance.digests(files));
        files.put(Provenance.FILE, provenance.toJson());
        return files;
    }

    /** A folder restored as it was at an earlier commit, delivered through the environment's mode. */
    public static Delivery forRollback(
            EnvironmentValues values,
            Map<String, byte[]> files,
            String toCommit,
            Origin origin,
            String branch,
            boolean dryRun) {
        Provenance restored =
                files.containsKey(Provenance.FILE) ? Provenance.fromJson(files.get(Provenance.FILE)) : null;
        String version = restored == null ? "unknown image" : restored.image();
        String summary = values.appName() + "/" + values.environment() + ": roll back to "
                + toCommit.substring(0, Math.min(12, toCommit.length())) + " ("
                + (restored == null ? "?" : restored.shortDigest()) + ")";
        List<String> trailers = new ArrayList<>(List.of(
                "Rollback-To: " + toCommit,
                "Image: " + version,
                "Pipeline: " + origin.pipeline(),
                "Environment: " + values.environment()));
        if (restored != null) {
            trailers.add(0, "Source-Commit: " + restored.sourceCommit());
        }
        return delivery(values, files, summary, trailers, origin, branch, dryRun);
    }

    /** A delivery of {@code files} to the environment's folder, through its publish mode, with no extra evidence. */
    private static Delivery delivery(
            EnvironmentValues values,
            Map<String, byte[]> files,
            String summary,
            List<String> trailers,
            Origin origin,
            String branch,
            boolean dryRun) {
        return new Delivery(
                folder(values),
                files,
                summary,
                List.of(),
                trailers,
                values.publish(),
                branch,
                dryRun,
                origin.pipeline(),
                Optional.empty());
    }
}
