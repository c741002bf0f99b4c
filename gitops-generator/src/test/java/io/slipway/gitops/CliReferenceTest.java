package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.cli.SlipwayGitops;
import io.slipway.gitops.failure.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The CLI reference in {@code docs/cli/} is what picocli's man page generator makes of the command
 * line's model, so the docs cannot drift from the CLI. After a deliberate change to options or help:
 * {@code ./mvnw -pl gitops-generator test -Dtest=CliReferenceTest -Dcli-reference.update=true}.
 */
class CliReferenceTest {

    static final Path CHECKED_IN = Path.of("..", "docs", "cli");

    @TempDir
    Path generated;

    @Test
    void theCheckedInReferenceIsTheGeneratedOne() throws IOException {
        ManPageGenerator.generateManPage(generated.toFile(), null, new boolean[0], true, SlipwayGitops.model());
        Files.writeString(generated.resolve(EXIT_CODES), exitCodes());
        Map<String, String> fresh = pages(generated);
        assertThat(fresh)
                .containsKeys("slipway-gitops.adoc", "slipway-gitops-render.adoc", "slipway-gitops-verify.adoc");
        if (Boolean.getBoolean("cli-reference.update")) {
            try (Stream<Path> old = Files.list(CHECKED_IN)) {
                for (Path page : old.filter(CliReferenceTest::isReference).toList()) {
                    Files.delete(page);
                }
            }
            for (Map.Entry<String, String> page : fresh.entrySet()) {
                Files.writeString(CHECKED_IN.resolve(page.getKey()), page.getValue());
            }
        }
        Map<String, String> checkedIn = pages(CHECKED_IN);
        List<String> stale = fresh.keySet().stream()
                .filter(page -> !fresh.get(page).equals(checkedIn.get(page)))
                .toList();
        assertThat(stale)
                .as("pages of docs/cli/ that differ from the CLI; regenerate them (see this test's javadoc) and review"
                        + " the diff")
                .isEmpty();
        assertThat(checkedIn.keySet()).as("docs/cli/ pages of no command").isEqualTo(fresh.keySet());
    }

    static final String EXIT_CODES = "exit-codes.md";

    /** Every exit status of the CLI, from the enum each command's help lists them from. */
    static String exitCodes() {
        StringBuilder page = new StringBuilder("""
                # Exit statuses of slipway-gitops

                Generated from `ExitCode` by `CliReferenceTest`; each command's `--help` lists its own.

                | Status | Meaning | Commands |
                |---|---|---|
                """);
        for (ExitCode exit : ExitCode.values()) {
            page.append("| ")
                    .append(exit.code())
                    .append(" | ")
                    .append(exit.meaning())
                    .append(" | ")
                    .append(exit.commands().equals(List.of("*")) ? "all" : String.join(", ", exit.commands()))
                    .append(" |\n");
        }
        return page.toString();
    }

    private static boolean isReference(Path file) {
        return file.toString().endsWith(".adoc")
                || file.getFileName().toString().equals(EXIT_CODES);
    }

    private static Map<String, String> pages(Path folder) throws IOException {
        Map<String, String> pages = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path page : files.filter(CliReferenceTest::isReference).toList()) {
                pages.put(page.getFileName().toString(), Files.readString(page));
            }
        }
        return pages;
    }
}
