package io.slipway.gitops.publish;

import static io.slipway.gitops.support.GitHttpServer.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.CliRun;
import io.slipway.gitops.support.GeneratorRuns;
import io.slipway.gitops.support.GitHttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config repository's server that accepts and then says nothing, at each step of a publish: the
 * first fetch, the fetch of the files a partial fetch left out, the push; over HTTP and SSH. Each
 * ends the command at the read timeout ({@code SLIPWAY_GIT_TIMEOUT}) with exit 7 and nothing pushed,
 * long before the command's own deadline; a {@code git://} URL, whose read timeout JGit cannot
 * enforce, is refused before any connection.
 */
class SilentGitServerIT {

    /** The read timeout the commands run with here; the command's deadline is far beyond it. */
    static final Map<String, String> TIMEOUTS = Map.of(GitCredentials.TIMEOUT_VARIABLE, "2s", "SLIPWAY_TIMEOUT", "90s");

    /** Far below the command's deadline (90 s), above the read timeout and the JVM's own work. */
    static final Duration ENDS_WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    GitHttpServer server;
    ServerSocket silent;

    @BeforeEach
    void start() throws IOException {
        server = GitHttpServer.start(Files.createDirectories(temp.resolve("server")));
        silent = new ServerSocket(0);
        Thread accepting = new Thread(() -> {
            @SuppressWarnings("ModifiedButNotUsed") // held, never read: the sockets must stay open, unanswered
            List<Socket> held = new ArrayList<>();
            try {
                while (true) {
                    held.add(silent.accept());
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        });
        accepting.setDaemon(true);
        accepting.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        silent.close();
    }

    @Test
    void aSilentServerEndsTheFirstFetchAtTheReadTimeout() {
        for (String url : List.of(
                "http://127.0.0.1:" + silent.getLocalPort() + "/config.git",
                "ssh://git@127.0.0.1:" + silent.getLocalPort() + "/config.git")) {
            long started = System.nanoTime();
            CliRun hung = publish(url, GeneratorRuns.DIGEST_A);
            assertThat(hung.exit()).as(url + ": " + hung.err()).isEqualTo(7);
            assertThat(hung.err()).as(url).startsWith("fetch main: ").doesNotContain("SLIPWAY_TIMEOUT");
            assertThat(hung.err().lines()).as(url).hasSize(1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as(url).isLessThan(ENDS_WITHIN);
        }
    }

    @Test
    void aServerThatStallsTheFilesOrThePushEndsThePublishAtTheReadTimeoutAndNothingLands() {
        String url = server.createRepository("stalls.git", true);
        assertThat(publish(url, GeneratorRuns.DIGEST_A).exit()).isZero();
        String refs = git(server.path("stalls.git"), "for-each-ref");

        // The fetch of the files a blob:none fetch left out (no filter line, unlike the first fetch).
        server.stall(request -> request.startsWith("POST /stalls.git/git-upload-pack")
                && request.contains("command=fetch")
                && !request.contains("filter"));
        long started = System.nanoTime();
        CliRun files = publish(url, GeneratorRuns.DIGEST_B);
        assertThat(files.exit()).as(files.err()).isEqualTo(7);
        assertThat(files.err()).startsWith("fetch ").contains("file(s) by object id: ");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ENDS_WITHIN);

        server.stall(request -> request.startsWith("POST /stalls.git/git-receive-pack"));
        started = System.nanoTime();
        CliRun push = publish(url, GeneratorRuns.DIGEST_B);
        assertThat(push.exit()).as(push.err()).isEqualTo(7);
        assertThat(push.err()).startsWith("push to refs/heads/main: ");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ENDS_WITHIN);
        assertThat(git(server.path("stalls.git"), "for-each-ref")).isEqualTo(refs);
    }

    @Test
    void aGitProtocolUrlIsRefusedBeforeAnyConnection() {
        CliRun run = publish("git://127.0.0.1:" + silent.getLocalPort() + "/config.git", GeneratorRuns.DIGEST_A);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("--repo git://127.0.0.1:" + silent.getLocalPort() + "/config.git: the git:// protocol has"
                        + " no authentication or encryption and no working read timeout; use the repository's"
                        + " https:// or ssh:// URL (or a local path)\n");
    }

    @Test
    void aServerThatAcceptsAndSaysNothingStillEndsTheCommandAtItsDeadline() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("SLIPWAY_TIMEOUT", "3s");
        long started = System.nanoTime();
        CliRun hung = CliRun.inProcess(
                env,
                GeneratorRuns.publishArgs(
                        "http://127.0.0.1:" + silent.getLocalPort() + "/config.git",
                        GeneratorRuns.environments(),
                        "dev",
                        GeneratorRuns.DIGEST_A));
        assertThat(hung.exit()).isEqualTo(7);
        assertThat(hung.err())
                .isEqualTo("gave up after 3 s (SLIPWAY_TIMEOUT): http://127.0.0.1:" + silent.getLocalPort()
                        + "/config.git kept the command waiting; run status to see what the config repository"
                        + " holds\n");
        assertThat(System.nanoTime() - started)
                .isLessThan(Duration.ofSeconds(10).toNanos());
    }

    CliRun publish(String url, String digest) {
        Map<String, String> env = new HashMap<>(TIMEOUTS);
        env.put("SLIPWAY_SSH_DIR", temp.resolve("ssh").toString());
        return GeneratorRuns.cli(env, GeneratorRuns.publishArgs(url, GeneratorRuns.environments(), "dev", digest));
    }
}
