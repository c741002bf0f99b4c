package io.slipway.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.server.support.PackagedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What building and running the image ({@link ImageIT}) cannot show, held by reading the
 * Dockerfile: bases pinned to releases, dependencies in a layer of their own before the sources,
 * no secret in an instruction, a build context of only what the build reads, and JVM options that
 * size the heap from the container's memory limit.
 */
class DockerfileTest {

    static List<String> instructions;
    static String text;

    @BeforeAll
    static void read() throws IOException {
        text = Files.readString(Path.of("..", "Dockerfile"));
        instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            current.append(line.endsWith("\\") ? line.substring(0, line.length() - 1) : line)
                    .append(' ');
            if (!line.endsWith("\\")) {
                instructions.add(current.toString().trim());
                current.setLength(0);
            }
        }
    }

    static List<String> all(String keyword) {
        return instructions.stream().filter(i -> i.startsWith(keyword + " ")).toList();
    }

    @Test
    void basesArePinnedToReleases() {
        assertThat(all("ARG"))
                .anySatisfy(a -> assertThat(a)
                        .matches("ARG BUILD_IMAGE=docker\\.io/library/eclipse-temurin:25\\.[0-9.]+_[0-9]+-jdk-noble"))
                .anySatisfy(
                        a -> assertThat(a).matches("ARG TRAINING_IMAGE=docker\\.io/library/debian:12\\.[0-9]+-slim"))
                // Distroless publishes no release tags: CI passes the digest it resolved (.gitlab-ci.yml).
                .anySatisfy(a ->
                        assertThat(a).isEqualTo("ARG RUNTIME_IMAGE=gcr.io/distroless/base-nossl-debian12:nonroot"));
        assertThat(text).doesNotContainPattern(Pattern.compile(":latest\\b"));
    }

    @Test
    void dependenciesAreDownloadedInALayerBeforeTheSources() {
        int poms = indexOf("COPY server/pom.xml");
        int offline = indexOf("RUN ./mvnw -B -ntp -q -pl server -am dependency:go-offline");
        int sources = indexOf("COPY server/src/");
        int pack = indexOf("RUN ./mvnw -B -ntp -q -pl server -am package -Dmaven.test.skip=true");
        assertThat(poms).isPositive().isLessThan(offline);
        assertThat(offline).isLessThan(sources);
        assertThat(sources).isLessThan(pack);
    }

    @Test
    void noSecretInAnyInstructionAndOnlyWhatTheBuildReadsInItsContext() throws IOException {
        assertThat(all("ENV")).noneSatisfy(e -> assertThat(e).containsPattern("(?i)(password|secret|token)"));
        assertThat(all("ARG")).noneSatisfy(a -> assertThat(a).containsPattern("(?i)(password|secret|token)"));
        assertThat(text).doesNotContain("JWT_SECRET=", "DATABASE_PASSWORD=");
        List<String> context = Files.readAllLines(Path.of("..", ".dockerignore"));
        assertThat(context).contains("*", "server/src/test/");
    }

    @Test
    void theHeapIsSizedFromTheContainersMemoryLimit() throws IOException {
        assertThat(PackagedServer.containerJvmFlags())
                .anySatisfy(flag -> assertThat(flag).startsWith("-XX:MaxRAMPercentage="))
                .noneSatisfy(flag -> assertThat(flag).startsWith("-Xmx"))
                .contains("-Djava.io.tmpdir=/tmp");
    }

    static int indexOf(String prefix) {
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
