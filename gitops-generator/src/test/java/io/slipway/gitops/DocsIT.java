package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs as a reader uses them: every {@code sh} block of a page, in order, pasted into one bash
 * from the root of the clone, must succeed (blocks that need what a fresh clone lacks — PostgreSQL,
 * a cluster, a cloud account — are marked {@code shell} and only read), and every relative link
 * must lead to a file. The build line ({@code ./mvnw ... package}) is skipped: the jars under test
 * are the ones this build made.
 */
class DocsIT {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern RUNNABLE = Pattern.compile("(?ms)^```sh\\n(.*?)^```");
    static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

    @Test
    void everyRunnableBlockOfEveryPageRunsAsPasted() throws Exception {
        Map<Path, String> scripts = new TreeMap<>();
        for (Path page : pages()) {
            List<String> blocks = new ArrayList<>();
            Matcher block = RUNNABLE.matcher(Files.readString(page));
            while (block.find()) {
                blocks.add(block.group(1));
            }
            if (!blocks.isEmpty()) {
                scripts.put(page, String.join("\n", blocks));
            }
        }
        assertThat(scripts).containsKey(ROOT.resolve("docs/quickstart.md"));
        for (Map.Entry<Path, String> script : scripts.entrySet()) {
            run(script.getKey(), script.getValue());
        }
    }

    @Test
    void everyRelativeLinkLeadsToAFile() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1);
                if (!target.contains("://") && !Files.exists(page.getParent().resolve(target))) {
                    broken.add(ROOT.relativize(page) + ": " + target);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    static void run(Path page, String blocks) throws Exception {
        String script = "set -euo pipefail\n"
                // A server a page starts in the background ends with the page, even when a block fails.
                + "trap 'jobs -p | xargs -r kill 2>/dev/null' EXIT\n"
                + blocks.lines().filter(line -> !line.startsWith("./mvnw ")).reduce("", (a, b) -> a + b + "\n");
        Path log = Files.createTempFile("docs", ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().put("PORT", String.valueOf(freePort()));
        builder.environment().put("ADMIN_PORT", String.valueOf(freePort()));
        Process process = builder.start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertThat(ended)
                .as("%s ran within 5 minutes:%n%s", ROOT.relativize(page), output)
                .isTrue();
        assertThat(process.exitValue())
                .as("%s as pasted:%n%s", ROOT.relativize(page), output)
                .isZero();
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("environments/README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
