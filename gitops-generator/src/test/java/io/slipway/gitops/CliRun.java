package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.cli.SlipwayGitops;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A finished command line: its exit status and everything it wrote to stdout and stderr. */
public record CliRun(int exit, String out, String err) {

    /**
     * The gitops-generator command line in this JVM with {@code env} as its whole environment, its
     * output captured through picocli's writers (no global stream swapped).
     */
    public static CliRun inProcess(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SlipwayGitops.run(new PrintWriter(out), new PrintWriter(err), env, args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** As {@link #inProcess}, with the process's environment and {@code extra} over it. */
    public static CliRun inProcessWith(Map<String, String> extra, String... args) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(extra);
        return inProcess(environment, args);
    }

    /** Runs {@code command} with {@code env} added to this JVM's environment (less JAVA_TOOL_OPTIONS). */
    public static CliRun process(List<String> command, Map<String, String> env) {
        return process(command, env, Path.of(""));
    }

    /** As {@link #process(List, Map)}, in {@code workingDirectory}. */
    public static CliRun process(List<String> command, Map<String, String> env, Path workingDirectory) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toAbsolutePath().toFile());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().putAll(env);
            Process process = builder.start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            assertThat(process.waitFor(120, TimeUnit.SECONDS))
                    .as("%s finished", command)
                    .isTrue();
            return new CliRun(process.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
