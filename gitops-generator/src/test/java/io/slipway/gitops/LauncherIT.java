package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitops-generator/slipway-gitops}, the quick start of the CLI: it must answer exactly as
 * {@code java -jar} does, and on JDK 25 or later record one AOT cache per JDK and jar from a call
 * that succeeded, keeping the JVM's messages off the CLI's output.
 */
class LauncherIT {

    static final Path LAUNCHER = Path.of("slipway-gitops").toAbsolutePath();
    static final Path JAR = Path.of("target", "gitops-generator.jar").toAbsolutePath();
    static final Path TEST_JDK = Path.of(System.getProperty("java.home"));

    @TempDir
    Path temp;

    @Test
    void answersExactlyAsJavaJarDoesOnTheTestsJdk() throws IOException {
        Path cache = temp.resolve("cache");
        CliRun launched = launch(TEST_JDK, cache, JAR, render("production", temp.resolve("launched")));
        CliRun plain = javaJar(render("production", temp.resolve("plain")));
        assertThat(launched.exit()).isZero();
        assertThat(launched.out())
                .isEqualTo(plain.out()
                        .replace(
                                temp.resolve("plain").toString(),
                                temp.resolve("launched").toString()));
        assertThat(filesOf(temp.resolve("launched"))).isEqualTo(filesOf(temp.resolve("plain")));

        CliRun badLaunched = launch(TEST_JDK, cache, JAR, render("nowhere", temp.resolve("bad")));
        CliRun badPlain = javaJar(render("nowhere", temp.resolve("bad")));
        assertThat(badLaunched.exit()).isEqualTo(badPlain.exit()).isEqualTo(2);
        assertThat(badLaunched.err()).isEqualTo(badPlain.err());
        assertThat(badLaunched.out()).isEqualTo(badPlain.out());
    }

    @Test
    void onJdk25RecordsOneCachePerJarFromASuccessfulCallAndStartsFromIt() throws IOException {
        Optional<Path> jdk25 = jdkAtLeast(25);
        assumeTrue(jdk25.isPresent(), "no JDK 25 or later on this machine");
        Path cache = temp.resolve("cache");
        String expected = "rendered 21 files for production into " + temp.resolve("out");

        CliRun failed = launch(jdk25.get(), cache, JAR, render("nowhere", temp.resolve("out")));
        assertThat(failed.exit()).isEqualTo(2);
        assertThat(failed.err())
                .isEqualTo(javaJar(render("nowhere", temp.resolve("out"))).err());
        assertThat(caches(cache)).as("a failed call trains nothing").isEmpty();

        CliRun recording = launch(jdk25.get(), cache, JAR, render("production", temp.resolve("out")));
        assertThat(recording.exit()).isZero();
        assertThat(recording.out()).isEqualTo(expected + "\n");
        assertThat(recording.err()).isEmpty();
        assertThat(caches(cache))
                .singleElement()
                .satisfies(file -> assertThat(Files.size(file)).isPositive());

        CliRun cached = launch(jdk25.get(), cache, JAR, render("production", temp.resolve("out")));
        assertThat(cached).isEqualTo(recording);
        assertThat(caches(cache)).hasSize(1);

        // Another jar (here: the same bytes at another path) gets a cache of its own.
        Path copy = Files.copy(JAR, temp.resolve("gitops-generator.jar"));
        assertThat(launch(jdk25.get(), cache, copy, render("production", temp.resolve("out")))
                        .exit())
                .isZero();
        assertThat(caches(cache)).hasSize(2);
    }

    /** The JVM's AOT cache skips classes older than Java 6 (picocli publishes Java 5 bytecode; the build recompiles it). */
    @Test
    void everyClassInTheJarCanBeHeldByTheAotCache() throws IOException {
        List<String> old = new ArrayList<>();
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            for (ZipEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        byte[] header = in.readNBytes(8);
                        int major = ((header[6] & 0xff) << 8) | (header[7] & 0xff);
                        if (major < 50) {
                            old.add(entry.getName() + " (class file version " + major + ")");
                        }
                    }
                }
            }
        }
        assertThat(old).isEmpty();
    }

    @Test
    void renderRefusesTheWorkingDirectoryAndWhatHoldsIt() throws IOException {
        Path project = Files.createDirectories(temp.resolve("project"));
        Path environments = Fixtures.environmentsCopy(project);
        Fixtures.write(project.resolve("notes.txt"), "mine");
        Map<String, String> before = RenderOutputTest.snapshot(temp);
        for (String out : List.of(".", "..", project.toString())) {
            List<String> command =
                    new ArrayList<>(List.of(TEST_JDK.resolve("bin/java").toString(), "-jar", JAR.toString()));
            command.addAll(List.of(Fixtures.renderArgs("staging", Path.of(out), environments)));
            CliRun refused = CliRun.process(command, Map.of(), project);
            assertThat(refused.exit()).as(out).isEqualTo(2);
            assertThat(refused.err())
                    .isEqualTo("--out " + out
                            + ": holds the working directory; render into a folder of its own, e.g. out/<env>\n");
        }
        assertThat(RenderOutputTest.snapshot(temp)).isEqualTo(before);
    }

    String[] render(String environment, Path out) {
        return Fixtures.renderArgs(environment, out, Fixtures.ENVIRONMENTS);
    }

    CliRun launch(Path jdk, Path cache, Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        command.addAll(List.of(args));
        return CliRun.process(
                command,
                Map.of(
                        "JAVA_HOME",
                        jdk.toString(),
                        "SLIPWAY_GITOPS_CACHE",
                        cache.toString(),
                        "SLIPWAY_GITOPS_JAR",
                        jar.toString()));
    }

    CliRun javaJar(String... args) {
        List<String> command =
                new ArrayList<>(List.of(TEST_JDK.resolve("bin/java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return CliRun.process(command, Map.of());
    }

    static List<Path> caches(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    static Map<String, String> filesOf(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.collect(Collectors.toMap(f -> f.getFileName().toString(), f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
    }

    /** A JDK of at least {@code release}: the test's own, or one installed under /usr/lib/jvm. */
    static Optional<Path> jdkAtLeast(int release) throws IOException {
        List<Path> candidates = new ArrayList<>(List.of(TEST_JDK));
        Path installed = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(installed)) {
            try (Stream<Path> homes = Files.list(installed)) {
                candidates.addAll(homes.sorted().toList());
            }
        }
        Pattern version = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
        for (Path home : candidates) {
            Path releaseFile = home.resolve("release");
            if (Files.isRegularFile(releaseFile) && Files.isExecutable(home.resolve("bin/java"))) {
                Matcher m = version.matcher(Files.readString(releaseFile));
                if (m.find() && Integer.parseInt(m.group(1)) >= release) {
                    return Optional.of(home);
                }
            }
        }
        return Optional.empty();
    }
}
