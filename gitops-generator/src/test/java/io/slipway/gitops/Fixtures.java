package io.slipway.gitops;

import io.slipway.gitops.render.RenderedEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The project's own environments folder, and copies of it that a test may change. */
public final class Fixtures {

    public static final Path ENVIRONMENTS =
            Path.of("..", "environments").toAbsolutePath().normalize();
    public static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    public static final String IMAGE = "registry.cn-hangzhou.aliyuncs.com/slipway/server@" + DIGEST;
    public static final String COMMIT = "4f2c1e9a7b3d5f60718293a4b5c6d7e8f9012345";

    /** The golden manifests, as the generator must render them (GoldenFilesTest). */
    public static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    private static final Pattern PROMOTION_BLOCK = Pattern.compile("(?m)^promotion:\\n(?:  .*\\n)+");

    private Fixtures() {}

    /**
     * A copy of the environments folder in {@code directory}, without production's {@code promotion}
     * block: its windows would make whether a test may promote depend on the hour it runs. Tests of
     * windows and of the release watch append their own.
     */
    public static Path environmentsCopy(Path directory) {
        Path copy = directory.resolve("environments");
        try (Stream<Path> files = Files.list(ENVIRONMENTS)) {
            Files.createDirectories(copy);
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
            Path production = copy.resolve("production.yaml");
            Files.writeString(
                    production,
                    PROMOTION_BLOCK.matcher(Files.readString(production)).replaceAll(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    public static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code render} of {@link #IMAGE} at {@link #COMMIT} for one environment into {@code out}. */
    public static String[] renderArgs(String environment, Path out, Path environments) {
        return new String[] {
            "render",
            "--env",
            environment,
            "--image",
            IMAGE,
            "--out",
            out.toString(),
            "--environments",
            environments.toString(),
            "--source-commit",
            COMMIT
        };
    }

    /** What the generator renders for {@code environment} of the project's values, with the test image. */
    public static RenderedEnvironment render(String environment) throws Exception {
        return new Generator(ENVIRONMENTS).render(environment, IMAGE, COMMIT).manifests();
    }
}
