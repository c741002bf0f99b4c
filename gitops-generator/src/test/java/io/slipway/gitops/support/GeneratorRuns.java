package io.slipway.gitops.support;

import static io.slipway.gitops.support.GitHttpServer.git;

import io.slipway.gitops.CliRun;
import io.slipway.gitops.signing.SigningFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The generator's command line as the integration tests run it: in this JVM or from the packaged
 * jar, with the git server's credentials and the test signing key; the images and arguments they
 * publish and promote with.
 */
public final class GeneratorRuns {

    private GeneratorRuns() {}

    public static final String DIGEST_A = "sha256:" + "a".repeat(64);

    public static final String DIGEST_B = "sha256:" + "b".repeat(64);

    public static final String REPOSITORY = "registry.cn-hangzhou.aliyuncs.com/slipway/server";

    /** These tests have no Prometheus; PromotionGatesIT has one. */
    public static final String SKIP = "PublishIT has no Prometheus";

    /** The command line in this JVM, with the git server's credentials and the signing key in its environment. */
    public static CliRun cli(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(credentialsAndKey(extraEnv));
        return CliRun.inProcess(env, args);
    }

    /** {@code promote --from staging --to production --repo URL --environments DIR} and {@code extra}, in this JVM. */
    public static CliRun promote(Map<String, String> extraEnv, String url, Path environments, String... extra) {
        return cli(extraEnv, promoteArgs(url, environments, extra));
    }

    public static String[] promoteArgs(String url, Path environments, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "promote",
                "--from",
                "staging",
                "--to",
                "production",
                "--repo",
                url,
                "--environments",
                environments.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** The same through the packaged jar, as CI runs it: shading, service files and environment defaults included. */
    public static CliRun packaged(Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                "target/gitops-generator.jar"));
        command.addAll(List.of(args));
        return CliRun.process(command, credentialsAndKey(extraEnv));
    }

    /** The git server's credentials and the signing key, then {@code extraEnv}. */
    public static Map<String, String> credentialsAndKey(Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(
                Map.of("SLIPWAY_GIT_USERNAME", GitHttpServer.USER, "SLIPWAY_GIT_TOKEN", GitHttpServer.TOKEN));
        env.putAll(SigningFixture.shared().env());
        env.putAll(extraEnv);
        return env;
    }

    /** The project's values, trusting the key every CLI run here signs with (production requires signing). */
    public static Path environments() {
        return SigningFixture.shared().environments();
    }

    /** A local port nothing listens on. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A working clone of the server's repository, under {@code folder}. */
    public static Path cloneOf(Path folder, String url, String name) {
        Path clone = folder.resolve("clones").resolve(name + System.nanoTime());
        String authenticated = url.replace("http://", "http://" + GitHttpServer.USER + ":" + GitHttpServer.TOKEN + "@");
        git(folder, "clone", "-q", authenticated, clone.toString());
        return clone;
    }

    /** {@code publish} of {@code digest} to {@code env}, its source commit derived from the digest, then {@code extra}. */
    public static String[] publishArgs(String url, Path environments, String env, String digest, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "publish",
                "--env",
                env,
                "--image",
                REPOSITORY + "@" + digest,
                "--repo",
                url,
                "--environments",
                environments.toString(),
                "--source-commit",
                "c0ffee" + digest.substring(7, 13)));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    public static boolean kubectl() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** {@code publish} in this JVM with the project's values, the pipeline from GitLab's variable. */
    public static CliRun publish(String url, String env, String digest, String... extra) {
        // The pipeline comes from GitLab's variable, as in CI (--pipeline-url's default).
        return cli(
                Map.of("CI_PIPELINE_URL", "https://gitlab.example/pipelines/1"),
                publishArgs(url, environments(), env, digest, extra));
    }

    /** {@code publish} of production's image {@code digest} from {@code sourceCommit}, in this JVM. */
    public static CliRun publishAs(String url, Path environments, String digest, String sourceCommit) {
        List<String> args = new ArrayList<>(List.of(publishArgs(url, environments, "production", digest)));
        args.set(args.size() - 1, sourceCommit);
        return cli(Map.of(), args.toArray(String[]::new));
    }
}
