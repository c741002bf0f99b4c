package io.slipway.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code java} of the release the image runs on (the Dockerfile's build image names it): the
 * test JVM's own when it is that release, else one installed beside it under {@code /usr/lib/jvm}
 * (or named by {@code SLIPWAY_RUNTIME_JAVA_HOME}). The options file uses that release's flags.
 */
public final class ContainerRuntime {

    private static final Pattern BUILD_IMAGE =
            Pattern.compile("(?m)^ARG BUILD_IMAGE=(?:docker\\.io/library/)?eclipse-temurin:(\\d+)[._]");

    private ContainerRuntime() {}

    public static Path java() {
        int release = imageRelease();
        return Stream.concat(
                        Stream.of(System.getenv("SLIPWAY_RUNTIME_JAVA_HOME"), System.getProperty("java.home")),
                        installedJdks())
                .filter(home -> home != null && !home.isEmpty())
                .map(home -> Path.of(home, "bin", "java"))
                .filter(Files::isExecutable)
                .filter(java -> releaseOf(java.getParent().getParent()) == release)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no JDK " + release + " found (the image's runtime): "
                        + "install one under /usr/lib/jvm or set SLIPWAY_RUNTIME_JAVA_HOME"));
    }

    static int imageRelease() {
        try {
            Matcher m = BUILD_IMAGE.matcher(Files.readString(Path.of("..", "Dockerfile")));
            if (!m.find()) {
                throw new IllegalStateException("the Dockerfile names no eclipse-temurin BUILD_IMAGE");
            }
            return Integer.parseInt(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> installedJdks() {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Stream.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.sorted(Comparator.reverseOrder()).map(Path::toString).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The feature release a JDK's {@code release} file states, or -1. */
    private static int releaseOf(Path home) {
        try {
            Optional<String> version = Files.readAllLines(home.resolve("release")).stream()
                    .filter(line -> line.startsWith("JAVA_VERSION="))
                    .findFirst();
            return version.map(v -> Integer.parseInt(v.replaceAll("^JAVA_VERSION=\"?(\\d+).*$", "$1")))
                    .orElse(-1);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
