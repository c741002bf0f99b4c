package io.slipway.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.server.support.Api;
import io.slipway.server.support.Api.Reply;
import io.slipway.server.support.ContainerRuntime;
import io.slipway.server.support.Containers;
import io.slipway.server.support.PostgresServer;
import io.slipway.server.support.RedisProcess;
import io.slipway.server.support.Traffic;
import io.slipway.server.support.Traffic.Answer;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server image, built from the Dockerfile as committed on base images made here, run as
 * production runs it: on its embedded default, then as the rendered production Job and Deployment
 * describe their containers, against a real PostgreSQL and Redis, through to a SIGTERM.
 *
 * <p>Containers share the host's network: the ports are the ones the manifests name, and the
 * database and Redis are the test's own on 127.0.0.1.
 */
class ImageIT {

    static final String IMAGE = "localhost/slipway/server:image-it";
    static final Path PRODUCTION =
            Path.of("..", "gitops-generator", "src", "test", "resources", "golden", "production");
    static final String PASSWORD = "correct horse battery";
    static final ObjectMapper JSON = new ObjectMapper();

    static Containers containers;
    static final List<String> started = new ArrayList<>();

    @BeforeAll
    static void build() {
        Containers.unavailable().ifPresent(Assumptions::abort);
        containers = Containers.local();
        long basesFrom = System.nanoTime();
        containers.expect(Duration.ofMinutes(10), "bash", "server/image/base-images.sh");
        long buildFrom = System.nanoTime();
        containers.expect(Duration.ofMinutes(25), "bash", "server/image/build.sh", IMAGE);
        System.out.printf(
                "image: base images %d s, build %d s%n",
                Duration.ofNanos(buildFrom - basesFrom).toSeconds(),
                Duration.ofNanos(System.nanoTime() - buildFrom).toSeconds());
    }

    @AfterAll
    static void removeContainers() {
        if (containers != null) {
            started.forEach(name -> containers.run(Duration.ofSeconds(60), "podman", "rm", "-f", "-t", "0", name));
        }
    }

    @Test
    void theImageIsSmallNonRootAndLabelled() throws Exception {
        JsonNode image = JSON.readTree(containers.expect(Duration.ofSeconds(30), "podman", "image", "inspect", IMAGE))
                .get(0);
        System.out.println("image: " + image.path("Size").asLong() + " bytes; layers:\n"
                + containers.expect(
                        Duration.ofSeconds(30), "podman", "history", "--format", "{{.Size}}\t{{.CreatedBy}}", IMAGE));
        assertThat(image.path("Size").asLong()).as("image size").isLessThan(200_000_000L);
        JsonNode config = image.path("Config");
        assertThat(config.path("User").asText()).isEqualTo("1000:1000");
        JsonNode labels = config.path("Labels");
        String head = containers.expect(Duration.ofSeconds(10), "git", "rev-parse", "HEAD");
        assertThat(labels.path("org.opencontainers.image.revision").asText()).isEqualTo(head);
        // The commit's date: reproducible, and the age scanners and registries show.
        assertThat(labels.path("org.opencontainers.image.created").asText())
                .isEqualTo(containers.expect(Duration.ofSeconds(10), "git", "log", "-1", "--format=%cI", "HEAD"));
        assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("slipway-server");
        assertThat(labels.path("org.opencontainers.image.source").asText()).startsWith("https://");
        assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
        // Nothing to run but the JVM: no shell, no package manager.
        for (String absent : List.of("/bin/sh", "/usr/bin/apt-get", "/usr/bin/dpkg")) {
            assertThat(containers
                            .run(Duration.ofSeconds(30), "podman", "run", "--rm", "--entrypoint", absent, IMAGE)
                            .succeeded())
                    .as(absent)
                    .isFalse();
        }
    }

    @Test
    void onItsEmbeddedDefaultItIsReadyReadOnlyAsUid1000AndStartsFromItsAotCache() throws Exception {
        String name = start(
                List.of("--read-only", "--tmpfs=/tmp:rw,mode=1777", "--user=1000:1000", "--memory=1g"),
                Map.of("JAVA_TOOL_OPTIONS", "-Xlog:aot=info"),
                List.of("server"));
        long from = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(8080, "/health/ready") == 200);
        System.out.println("image: embedded default ready after "
                + Duration.ofNanos(System.nanoTime() - from).toMillis() + " ms");
        assertThat(logs(name)).contains("Opened AOT cache").doesNotContain("Unable to use AOT cache");
        assertThat(containers.expect(Duration.ofSeconds(30), "podman", "exec", name, "/opt/java/bin/java", "-version"))
                .contains("25.0.3");
        debugsWithoutAShell(name);
        stop(name);
    }

    @Test
    void theRenderedProductionContainersMigrateServeAndDrain() throws Exception {
        PostgresServer postgres = PostgresServer.start();
        RedisProcess redis = RedisProcess.start();
        try {
            Map<String, Map<String, String>> configMaps = RenderedContainer.configMaps(PRODUCTION, "configmap.yaml");
            Map<String, Map<String, String>> secrets =
                    standIns(RenderedContainer.secretKeys(PRODUCTION, "externalsecret.yaml"), redis.url());
            Map<String, Map<String, String>> local = pointedAt(configMaps, postgres.jdbcUrl());

            RenderedContainer migration = RenderedContainer.of(PRODUCTION, "migration-job.yaml", local, secrets);
            String job = start(migration);
            assertThat(containers.expect(Duration.ofMinutes(5), "podman", "wait", job))
                    .as(logs(job))
                    .isEqualTo("0");

            RenderedContainer server = RenderedContainer.of(PRODUCTION, "deployment.yaml", local, secrets);
            String pod = start(server);
            int http = server.ports().get("http");
            for (RenderedContainer.Probe probe : server.probes()) {
                int port = server.ports().getOrDefault(probe.port(), -1);
                await().atMost(Duration.ofSeconds(90))
                        .alias(probe.toString())
                        .until(() -> status(port, probe.path()) == 200);
            }
            Api api = new Api(http);
            String email = "image-" + UUID.randomUUID() + "@example.com";
            Reply created = api.post("/api/v1/users", Map.of("email", email, "name", "Image", "password", PASSWORD));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String token = api.post("/api/v1/auth/token", Map.of("email", email, "password", PASSWORD))
                    .json()
                    .get("access_token")
                    .asText();
            String[] bearer = {"Authorization", "Bearer " + token};
            String id = created.json().get("id").asText();
            for (int i = 0; i < 3; i++) {
                assertThat(api.get("/api/v1/users/" + id, bearer).status()).isEqualTo(200);
            }
            assertThat(api.get("/api/v1/users/" + id, bearer).header("RateLimit-Policy"))
                    .as("production's rendered limits reach the server")
                    .isEqualTo("\"user\";q=600;w=60");
            String metrics =
                    new Api(server.ports().get("admin")).get("/prometheus").text();
            assertThat(metrics)
                    .as("the read came from Redis")
                    .containsPattern(
                            "slipway_cache_operations_total\\{cache=\"users\",operation=\"get\",result=\"hit\"} [1-9]");

            drains(pod, server, api, bearer, id);
        } finally {
            postgres.close();
            redis.stop();
        }
    }

    /**
     * As the kubelet stops a pod: the preStop sleep (while the Service drops the endpoint), then
     * SIGTERM and the grace period. Every request the server took is answered; once it stops, a
     * client is refused, never left without an answer.
     */
    void drains(String pod, RenderedContainer server, Api api, String[] bearer, String id) throws Exception {
        List<Answer> answers;
        long terminatedAt;
        try (Traffic traffic = new Traffic()) {
            for (int client = 0; client < 4; client++) {
                // 40 reads a second in all: one user, inside production's 600 a minute over the whole drain.
                traffic.keep("read", Duration.ofMillis(100), n -> api.get("/api/v1/users/" + id, bearer));
            }
            Thread.sleep(1_000 + server.preStopSleepSeconds() * 1_000L);
            terminatedAt = traffic.now();
            containers.expect(Duration.ofSeconds(10), "podman", "kill", "--signal", "TERM", pod);
            String exit = containers.expect(
                    Duration.ofSeconds(server.terminationGraceSeconds() - server.preStopSleepSeconds()),
                    "podman",
                    "wait",
                    pod);
            System.out.println("image: exited " + exit + " after "
                    + Duration.ofNanos(traffic.now() - terminatedAt).toMillis() + " ms of SIGTERM");
            answers = traffic.stop();
        }
        assertThat(answers).filteredOn(a -> a.startedNanos() < terminatedAt).allMatch(a -> a.status() == 200);
        // Nothing cut off: each request is served, refused before any work (503 + Retry-After: the
        // server is stopping, another pod answers), or finds the port closed.
        assertThat(answers).filteredOn(a -> a.status() != 200).allSatisfy(a -> {
            if (a.status() == 503) {
                assertThat(a.reply().orElseThrow().header("Retry-After")).isEqualTo("1");
                assertThat(a.reply().orElseThrow().json().get("error").asText()).isEqualTo("unavailable");
            } else {
                assertThat(a.failure()).as(a.toString()).containsInstanceOf(ConnectException.class);
            }
        });
        assertThat(answers)
                .filteredOn(a -> a.status() == 200 && a.startedNanos() > terminatedAt)
                .isNotEmpty();
        // Production's trace collector cannot be reached from here (standIns): its exporter's failures are
        // the one error expected; the server must serve regardless, and nothing else may fail.
        assertThat(logs(pod).lines().filter(line -> !line.contains("\"logger\":\"io.opentelemetry.exporter")))
                .noneMatch(line -> line.contains("\"level\":\"ERROR\""));
    }

    /** The rendered ConfigMap with its database pointed at the test's PostgreSQL; every other key as rendered. */
    static Map<String, Map<String, String>> pointedAt(Map<String, Map<String, String>> configMaps, String jdbcUrl) {
        Map<String, Map<String, String>> local = new LinkedHashMap<>();
        configMaps.forEach((name, data) -> {
            Map<String, String> copy = new LinkedHashMap<>(data);
            assertThat(copy).containsKeys("DATABASE_URL", "DATABASE_USER");
            copy.put("DATABASE_URL", jdbcUrl);
            copy.put("DATABASE_USER", "postgres");
            local.put(name, copy);
        });
        return local;
    }

    /** What ack-secret-manager would put in the Secret the ExternalSecret names: test values for its keys. */
    static Map<String, Map<String, String>> standIns(Map<String, List<String>> secretKeys, String redisUrl) {
        Map<String, String> values = Map.of(
                "DATABASE_PASSWORD",
                "postgres",
                "JWT_SECRET",
                "image-test-" + UUID.randomUUID() + "-" + UUID.randomUUID(),
                "REDIS_URL",
                redisUrl,
                // Production's collector cannot be reached from here: the server must serve regardless.
                "TRACING_HEADERS",
                "Authentication=image-test-token");
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        secretKeys.forEach((name, keys) -> {
            assertThat(values.keySet())
                    .as("a test value for each key of " + name)
                    .containsAll(keys);
            Map<String, String> data = new LinkedHashMap<>();
            keys.forEach(key -> data.put(key, values.get(key)));
            secrets.put(name, data);
        });
        return secrets;
    }

    /**
     * docs/operating.md's way into a live pod, as uid 1000 on a read-only root with /tmp writable:
     * a thread dump, a heap histogram and a Flight Recorder file copied out and read on the host.
     */
    static void debugsWithoutAShell(String name) throws Exception {
        assertThat(containers.expect(Duration.ofSeconds(60), "podman", "exec", name, "jcmd", "1", "Thread.print"))
                .contains("Full thread dump", "\"dw-awaiter\"", "QueuedThreadPool");
        assertThat(containers.expect(Duration.ofSeconds(60), "podman", "exec", name, "jcmd", "1", "GC.class_histogram"))
                .contains("Total", "java.lang.String");
        assertThat(containers.expect(
                        Duration.ofSeconds(60),
                        "podman",
                        "exec",
                        name,
                        "jcmd",
                        "1",
                        "JFR.start",
                        "name=incident",
                        "duration=5s",
                        "filename=/tmp/incident.jfr"))
                .contains("Started recording");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !containers
                        .expect(Duration.ofSeconds(30), "podman", "exec", name, "jcmd", "1", "JFR.check")
                        .contains("incident"));
        Path recording = Files.createTempFile("incident", ".jfr");
        containers.expect(Duration.ofSeconds(60), "podman", "cp", name + ":/tmp/incident.jfr", recording.toString());
        String summary = containers.expect(
                Duration.ofSeconds(60),
                ContainerRuntime.java().resolveSibling("jfr").toString(),
                "summary",
                recording.toString());
        System.out.println("image: a 5 s recording, " + Files.size(recording) + " bytes");
        assertThat(summary).contains("jdk.ExecutionSample", "jdk.GarbageCollection");
        Files.delete(recording);
    }

    static String start(RenderedContainer container) {
        List<String> options = new ArrayList<>(container.runOptions());
        container.command().ifPresent(command -> {
            options.add("--entrypoint=" + command.get(0));
            assertThat(command).as("a command of one executable").hasSize(1);
        });
        return start(options, container.environment(), container.args());
    }

    static String start(List<String> options, Map<String, String> environment, List<String> args) {
        String name = "slipway-image-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> command = new ArrayList<>(List.of("podman", "run", "-d", "--name", name, "--network=host"));
        command.addAll(options);
        environment.forEach((key, value) -> command.add("--env=" + key + "=" + value));
        command.add(IMAGE);
        command.addAll(args);
        started.add(name);
        containers.expect(Duration.ofSeconds(60), command.toArray(String[]::new));
        return name;
    }

    static void stop(String name) {
        containers.expect(Duration.ofSeconds(60), "podman", "stop", "-t", "30", name);
    }

    static String logs(String name) {
        return containers.run(Duration.ofSeconds(30), "podman", "logs", name).output();
    }

    static int status(int port, String path) {
        try {
            return new Api(port)
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(2)))
                    .status();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
