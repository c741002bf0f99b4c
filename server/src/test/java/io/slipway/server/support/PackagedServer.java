package io.slipway.server.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code target/server.jar} in its own JVM, started as the container starts it: the Dockerfile's
 * ENTRYPOINT options (read from the Dockerfile and the options file it names, less the AOT cache
 * only the image has) on a JDK of the runtime image's release, under an emulated memory limit,
 * with {@code server/config.yml} and the given environment.
 */
public final class PackagedServer implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;
    private final int adminPort;

    private PackagedServer(Process process, Path log, int port, int adminPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.adminPort = adminPort;
    }

    /** Starts the server and returns once it has bound its ports (not yet ready: callers wait for readiness). */
    public static PackagedServer start(String memoryLimit, Map<String, String> environment) {
        return start(
                memoryLimit,
                environment,
                List.of("server", Path.of("config.yml").toString()));
    }

    /** As {@link #start(String, Map)} on the embedded default: {@code server} with no configuration file. */
    public static PackagedServer startEmbedded(Map<String, String> environment) {
        return start("1g", environment, List.of("server"));
    }

    private static PackagedServer start(String memoryLimit, Map<String, String> environment, List<String> arguments) {
        try {
            Path log = Files.createTempFile("slipway-server", ".log");
            List<String> command = new ArrayList<>();
            command.add(ContainerRuntime.java().toString());
            command.add("-XX:MaxRAM=" + memoryLimit);
            command.addAll(containerJvmFlags());
            command.addAll(List.of("-jar", Path.of("target", "server.jar").toString()));
            command.addAll(arguments);
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("PORT", "0");
            builder.environment().put("ADMIN_PORT", "0");
            Process process = builder.start();
            try {
                BoundPorts ports = BoundPorts.await(process, log, Duration.ofSeconds(90));
                return new PackagedServer(process, log, ports.application(), ports.admin());
            } catch (AssertionError e) {
                process.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM options of the Dockerfile's exec-form ENTRYPOINT, its options file expanded, without the image-only AOT cache. */
    public static List<String> containerJvmFlags() throws IOException {
        String entrypoint = Files.readAllLines(Path.of("..", "Dockerfile")).stream()
                .filter(line -> line.startsWith("ENTRYPOINT "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the Dockerfile has no ENTRYPOINT"));
        List<String> words = Arrays.asList(
                new ObjectMapper().readValue(entrypoint.substring("ENTRYPOINT ".length()), String[].class));
        List<String> flags = new ArrayList<>();
        for (String word : words.subList(1, words.indexOf("-jar"))) {
            if (word.equals("@/app/jvm.options")) {
                flags.addAll(optionsFile(Path.of("jvm.options")));
            } else if (!word.startsWith("-XX:AOTCache=")) {
                flags.add(word);
            }
        }
        return flags;
    }

    /** A java {@code @argfile}: one option per line, {@code #} comments. */
    static List<String> optionsFile(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    public int port() {
        return port;
    }

    public int adminPort() {
        return adminPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
