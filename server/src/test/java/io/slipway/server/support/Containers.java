package io.slipway.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * buildah and podman as {@code server/image/local-env.sh} sets them up (private storage, runc,
 * rlimits this machine allows), run from the repository's root.
 */
public final class Containers {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    /** What a command printed and how it ended. */
    public record Run(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final Map<String, String> environment;

    private Containers(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Why images cannot be built and run here, if they cannot: the tools are missing or this is not root. */
    public static Optional<String> unavailable() {
        for (String tool : List.of("buildah", "podman", "mmdebstrap", "runc")) {
            if (!onPath(tool)) {
                return Optional.of(tool + " is not installed (.ci/run installs buildah, podman, mmdebstrap and runc)");
            }
        }
        if (!"0"
                .equals(run(Map.of(), Duration.ofSeconds(5), "id", "-u")
                        .output()
                        .strip())) {
            return Optional.of("building and running images here needs root (rootful podman with native overlay)");
        }
        return temurinForTheBuildImage();
    }

    /** The build image's stand-in copies the very Temurin release its tag names from {@code /usr/lib/jvm}. */
    private static Optional<String> temurinForTheBuildImage() {
        try {
            Matcher tag = Pattern.compile("(?m)^ARG BUILD_IMAGE=\\S*eclipse-temurin:([0-9.]+)_([0-9]+)-")
                    .matcher(Files.readString(REPOSITORY.resolve("Dockerfile")));
            if (!tag.find()) {
                return Optional.of("the Dockerfile names no eclipse-temurin BUILD_IMAGE");
            }
            String wanted = "IMPLEMENTOR_VERSION=\"Temurin-" + tag.group(1) + "+" + tag.group(2) + "\"";
            Path jvms = Path.of("/usr/lib/jvm");
            if (Files.isDirectory(jvms)) {
                try (Stream<Path> homes = Files.list(jvms)) {
                    for (Path home : homes.toList()) {
                        Path release = home.resolve("release");
                        if (Files.isRegularFile(release)
                                && Files.readString(release).contains(wanted)) {
                            return Optional.empty();
                        }
                    }
                }
            }
            return Optional.of("no Temurin " + tag.group(1) + "+" + tag.group(2)
                    + " under /usr/lib/jvm to make the build image's stand-in from");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Containers local() {
        Run env = run(
                Map.of(),
                Duration.ofSeconds(10),
                "bash",
                "-c",
                ". server/image/local-env.sh && echo \"$CONTAINERS_STORAGE_CONF\" && echo \"$CONTAINERS_CONF\"");
        if (!env.succeeded()) {
            throw new IllegalStateException("server/image/local-env.sh failed: " + env.output());
        }
        String[] files = env.output().strip().split("\n");
        Map<String, String> environment =
                new HashMap<>(Map.of("CONTAINERS_STORAGE_CONF", files[0], "CONTAINERS_CONF", files[1]));
        // The image build reuses the Maven repository this build has filled (server/image/build.sh).
        Path maven = Path.of(System.getProperty("user.home"), ".m2");
        if (Files.isDirectory(maven)) {
            environment.put("MAVEN_CACHE", maven.toString());
        }
        return new Containers(Map.copyOf(environment));
    }

    /** Runs {@code command} with this storage; its output (stdout and stderr) and exit code. */
    public Run run(Duration timeout, String... command) {
        return run(environment, timeout, command);
    }

    /** Runs {@code command} and returns its output, failing the test with that output if it fails. */
    public String expect(Duration timeout, String... command) {
        Run run = run(timeout, command);
        if (!run.succeeded()) {
            throw new AssertionError(String.join(" ", command) + " exited " + run.exitCode() + ":\n" + run.output());
        }
        return run.output().strip();
    }

    private static Run run(Map<String, String> environment, Duration timeout, String... command) {
        try {
            Path output = Files.createTempFile("slipway-containers", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(REPOSITORY.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            return new Run(process.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String tool) {
        List<String> dirs =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        return dirs.stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
