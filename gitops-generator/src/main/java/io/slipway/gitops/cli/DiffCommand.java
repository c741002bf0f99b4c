package io.slipway.gitops.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.slipway.gitops.Generator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code diff}: what rendering would change in a folder, as a unified diff. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show the unified diff between a folder and what rendering would write; exit 1 when they differ.")
final class DiffCommand implements Callable<Integer> {

    @Mixin
    RenderOptions options;

    @Option(names = "--against", required = true, paramLabel = "DIR", description = "The folder to compare with (may be absent).")
    Path against;

    @Override
    public Integer call() throws Exception {
        Map<String, String> rendered = new Generator(options.environments)
                .render(options.environment, options.image, options.sourceCommit).manifests().files();
        Map<String, String> current = read(against);
        TreeSet<String> names = new TreeSet<>(rendered.keySet());
        names.addAll(current.keySet());
        int added = 0;
        int removed = 0;
        int changed = 0;
        for (String name : names) {
            String before = current.get(name);
            String after = rendered.get(name);
            if (before != null && before.equals(after)) {
                continue;
            }
            List<String> original = lines(before);
            List<String> revised = lines(after);
            List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(before == null ? "/dev/null" : "a/" + name,
                    after == null ? "/dev/null" : "b/" + name, original, DiffUtils.diff(original, revised), 3);
            diff.forEach(System.out::println);
            if (before == null) {
                added++;
            } else if (after == null) {
                removed++;
            } else {
                changed++;
            }
        }
        int total = added + removed + changed;
        System.out.println(total == 0 ? options.environment + ": up to date with " + against
                : options.environment + ": " + total + " file(s) differ (" + changed + " changed, " + added + " added, "
                + removed + " removed) against " + against);
        return total == 0 ? ExitCode.OK : ExitCode.DIFFERENT;
    }

    private static Map<String, String> read(Path folder) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path path : entries.filter(Files::isRegularFile).toList()) {
                files.put(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : text.lines().toList();
    }
}
