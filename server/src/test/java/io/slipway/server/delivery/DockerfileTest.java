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
 * No Docker engine runs where the tests run, so the Dockerfile is held to its properties by
 * reading it: pinned bases, a cached dependency layer, the wrapper's package step, a numeric
 * non-root user, exec-form entrypoint with container-aware JVM options, an AOT cache trained with
 * those options, OCI labels, no secrets.
 */
class DockerfileTest {

    static final String AOT_TRAINING =
            "RUN sh /tmp/aot-training.sh java /app/jvm.options /app/server.jar /app/config.yml /app/server.aot";
    static final String AOT_CACHE = "COPY --from=aot-training /app/server.aot /app/server.aot";

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
    void multiStageOnPinnedBaseImages() {
        List<String> from = all("FROM");
        assertThat(from).hasSize(3);
        assertThat(all("ARG"))
                .anySatisfy(
                        a -> assertThat(a).matches("ARG BUILD_IMAGE=eclipse-temurin:25\\.[0-9.]+_[0-9]+-jdk-alpine"))
                .anySatisfy(a -> assertThat(a).matches("ARG RUNTIME_IMAGE=alpine:3\\.[0-9]+\\.[0-9]+"));
        assertThat(text).doesNotContainPattern(Pattern.compile(":latest\\b"));
    }

    @Test
    void dependenciesAreDownloadedInALayerBeforeTheSources() {
        int poms = indexOf("COPY server/pom.xml");
        int offline = indexOf("RUN ./mvnw -B -ntp -q -pl server -am dependency:go-offline");
        int sources = indexOf("COPY server/src/");
        int pack = indexOf("RUN ./mvnw -B -ntp -q -pl server -am package -DskipTests");
        assertThat(poms).isPositive().isLessThan(offline);
        assertThat(offline).isLessThan(sources);
        assertThat(sources).isLessThan(pack);
    }

    @Test
    void runsAsANumericNonRootUserWithAnExecEntrypoint() throws IOException {
        assertThat(all("USER")).containsExactly("USER 1000:1000");
        assertThat(instructions.indexOf("USER 1000:1000")).isGreaterThan(indexOf(AOT_CACHE));
        List<String> entrypoint = all("ENTRYPOINT");
        assertThat(entrypoint)
                .singleElement()
                .asString()
                .isEqualTo(
                        "ENTRYPOINT [\"java\", \"@/app/jvm.options\", \"-XX:AOTCache=/app/server.aot\", \"-jar\", \"/app/server.jar\"]");
        assertThat(PackagedServer.containerJvmFlags())
                .contains("-XX:MaxRAMPercentage=25", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC")
                .noneSatisfy(flag -> assertThat(flag).startsWith("-Xmx"));
        assertThat(all("CMD")).containsExactly("CMD [\"server\", \"/app/config.yml\"]");
        assertThat(all("EXPOSE")).containsExactly("EXPOSE 8080 8081");
    }

    @Test
    void theAotCacheIsTrainedOnTheProductionConfigurationWithTheRuntimesOwnFiles() throws IOException {
        List<String> training = stage("FROM ${RUNTIME_IMAGE} AS aot-training");
        List<String> runtime = stage("FROM ${RUNTIME_IMAGE}");
        List<String> sameFiles = List.of(
                "COPY --from=build /runtime /opt/java",
                "COPY --from=build /src/server/target/server.jar /app/server.jar",
                "COPY --from=build /src/server/config.yml /app/config.yml",
                "COPY server/jvm.options /app/jvm.options");
        assertThat(training)
                .containsAll(sameFiles)
                .contains(AOT_TRAINING)
                .anySatisfy(
                        i -> assertThat(i).startsWith("RUN apk add --no-cache ").contains("postgresql", "redis"));
        assertThat(training.indexOf(AOT_TRAINING)).isEqualTo(training.size() - 1);
        // The runtime ships the cache and the same files, but neither database nor the script.
        assertThat(runtime)
                .containsAll(sameFiles)
                .contains(AOT_CACHE)
                .noneSatisfy(i -> assertThat(i).containsAnyOf("apk add", "aot-training.sh"));
        assertThat(runtime.get(runtime.indexOf(AOT_CACHE) + 1))
                .isEqualTo(
                        "RUN java @/app/jvm.options -XX:AOTCache=/app/server.aot -XX:AOTMode=on -jar /app/server.jar --help >/dev/null");
        assertThat(Files.readAllLines(Path.of("..", ".dockerignore")))
                .contains("!server/jvm.options", "!server/aot-training.sh");
    }

    @Test
    void carriesOciLabelsAndNoSecrets() {
        assertThat(text)
                .contains(
                        "org.opencontainers.image.source=\"${SOURCE_URL}\"",
                        "org.opencontainers.image.revision=\"${VCS_REF}\"");
        assertThat(all("ENV")).noneSatisfy(e -> assertThat(e).containsPattern("(?i)(password|secret|token)"));
        assertThat(all("ARG")).noneSatisfy(a -> assertThat(a).containsPattern("(?i)(password|secret|token)"));
        assertThat(text).doesNotContain("JWT_SECRET=", "DATABASE_PASSWORD=");
    }

    @Test
    void theImageWorksWithAReadOnlyRootFilesystem() throws IOException {
        // Nothing is written at run time outside /tmp (an emptyDir in the pod): the AOT cache and
        // the jar are built into the image, and the JVM's temp dir is /tmp.
        assertThat(PackagedServer.containerJvmFlags()).contains("-Djava.io.tmpdir=/tmp");
        assertThat(all("WORKDIR").get(all("WORKDIR").size() - 1)).isEqualTo("WORKDIR /tmp");
        assertThat(Files.readAllLines(Path.of("..", ".dockerignore")).stream().anyMatch("*"::equals))
                .isTrue();
    }

    /** The instructions of the stage that begins with {@code from}, up to the next FROM. */
    static List<String> stage(String from) {
        int start = instructions.indexOf(from);
        assertThat(start).as(from).isNotNegative();
        int end = start + 1;
        while (end < instructions.size() && !instructions.get(end).startsWith("FROM ")) {
            end++;
        }
        return instructions.subList(start + 1, end);
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
