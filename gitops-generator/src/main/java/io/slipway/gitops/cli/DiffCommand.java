package io.slipway.gitops.cli;

import io.slipway.gitops.FolderDiff;
import io.slipway.gitops.Generator;
import io.slipway.gitops.failure.CommandNames;
import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.publish.ChangeSummary;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.Provenance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code diff}: what rendering would change in a folder, as a unified diff. */
@Command(
        name = CommandNames.DIFF,
        mixinStandardHelpOptions = true,
        description = "Show the unified diff between a folder and what rendering would write; exit 1 when they differ.")
final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--env",
            required = true,
            paramLabel = "NAME",
            description = "Environment: environments/NAME.yaml over base.yaml.")
    String environment;

    @Mixin
    RenderOptions options;

    @Option(
            names = "--against",
            required = true,
            paramLabel = "DIR",
            description = "The folder to compare with (may be absent).")
    Path against;

    @Option(
            names = "--summary",
            description =
                    "Print the reviewer's summary of the change (objects and the fields that "
                            + "matter, old and new values; Markdown, as in commit messages and merge requests) instead of the line diff.")
    boolean summary;

    @Override
    public Integer call() throws Exception {
        Map<String, String> rendered = new Generator(options.environments.folder)
                .render(environment, options.image, options.sourceCommit)
                .manifests()
                .files();
        Map<String, String> current = read(against);
        FolderDiff diff = FolderDiff.of("", current, rendered);
        if (summary) {
            spec.commandLine()
                    .getOut()
                    .println(ChangeSummary.of(
                            bytes(current),
                            bytes(rendered),
                            new ChangeSummary.Origin(
                                    "unknown",
                                    previousSourceCommit(current),
                                    options.sourceCommit,
                                    "none",
                                    Deliveries.GENERATOR_VERSION)));
        } else {
            spec.commandLine().getOut().print(diff.text());
        }
        int total = diff.files();
        spec.commandLine()
                .getOut()
                .println(
                        total == 0
                                ? environment + ": up to date with " + against
                                : environment + ": " + total + " file(s) differ (" + diff.changed() + " changed, "
                                        + diff.added() + " added, " + diff.removed() + " removed) against " + against);
        return total == 0 ? ExitCode.OK.code() : ExitCode.DIFFERENT.code();
    }

    private static Map<String, byte[]> bytes(Map<String, String> files) {
        Map<String, byte[]> bytes = new TreeMap<>();
        files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return bytes;
    }

    /** The source commit a published folder's provenance records, if the folder has one. */
    private static Optional<String> previousSourceCommit(Map<String, String> folder) {
        try {
            return Optional.ofNullable(folder.get(Provenance.FILE))
                    .map(json -> Provenance.fromJson(json.getBytes(StandardCharsets.UTF_8))
                            .sourceCommit());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> read(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            // The render mark is render's bookkeeping, not a manifest: it is not part of the comparison.
            for (Path path : entries.filter(Files::isRegularFile)
                    .filter(path -> !path.getFileName().toString().equals(OutputFolder.MARK))
                    .toList()) {
                files.put(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
