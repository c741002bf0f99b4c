package io.slipway.gitops.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.CliRun;
import io.slipway.gitops.publish.ConfigRemote;
import io.slipway.gitops.publish.GitCredentials;
import io.slipway.gitops.publish.PublishFailure;
import io.slipway.gitops.signing.SigningFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.FileUtils;

/**
 * A config repository in a local folder (a bare repository, reached by its path as {@code --repo}),
 * published to by the generator's own {@code publish} in this JVM, signed with the test key.
 */
public final class LocalConfigRepository {

    /** The image repository the tests publish. */
    public static final String IMAGE = GeneratorRuns.REPOSITORY;

    private final Path folder;

    private LocalConfigRepository(Path folder) {
        this.folder = folder;
    }

    /** An empty bare repository whose default branch is {@code main}. */
    public static LocalConfigRepository create(Path folder) {
        try {
            Git.init()
                    .setBare(true)
                    .setInitialBranch("main")
                    .setDirectory(folder.toFile())
                    .call()
                    .close();
            return new LocalConfigRepository(folder);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of this repository in {@code target}: one history published once, read or pushed to by many tests. */
    public LocalConfigRepository copyTo(Path target) {
        try {
            FileUtils.mkdirs(target.toFile(), true);
            try (var files = Files.walk(folder)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path copy = target.resolve(folder.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy);
                    }
                }
            }
            return new LocalConfigRepository(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return folder.toString();
    }

    /** {@code publish --env ENV --image IMAGE@DIGEST} of the values in {@code environments}; asserts it succeeded. */
    public CliRun publish(Path environments, String environment, String digest) {
        CliRun run = CliRun.inProcess(
                environment(),
                "publish",
                "--env",
                environment,
                "--image",
                IMAGE + "@" + digest,
                "--repo",
                url(),
                "--environments",
                environments.toString(),
                "--source-commit",
                "c0ffee" + digest.substring(7, 13));
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        return run;
    }

    /** What the generator's commands run with here: the signing key and its passphrase. */
    public static Map<String, String> environment() {
        return new HashMap<>(SigningFixture.shared().env());
    }

    /** The remote as the generator opens it. */
    public ConfigRemote open() throws PublishFailure {
        return ConfigRemote.open(url(), GitCredentials.fromEnvironment(Map.of()));
    }

    /** The commit {@code branch} points at. */
    public RevCommit head(String branch) {
        try (Git git = Git.open(folder.toFile());
                RevWalk walk = new RevWalk(git.getRepository())) {
            ObjectId id = git.getRepository().resolve(Constants.R_HEADS + branch);
            return walk.parseCommit(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
