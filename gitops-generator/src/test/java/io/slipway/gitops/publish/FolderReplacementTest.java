package io.slipway.gitops.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.support.GitHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tree FolderReplacement builds is the one git itself writes from an index edited the same way. */
class FolderReplacementTest {

    @TempDir
    Path temp;

    Repository repository;

    @BeforeEach
    void init() throws Exception {
        repository = Git.init()
                .setBare(true)
                .setDirectory(temp.resolve("repo.git").toFile())
                .call()
                .getRepository();
    }

    @Test
    void rewritesOnlyThePathAndSortsAsGitDoes() throws Exception {
        // Names around the folder's that sort differently as trees and as files, and non-ASCII ones.
        ObjectId root = gitTree(
                Optional.empty(),
                "",
                files(
                        "apps/slipway/dev/a.yaml",
                        "a",
                        "apps/slipway/dev/stale.yaml",
                        "old",
                        "apps/slipway/dev-old/x.yaml",
                        "x",
                        "apps/slipway/devx",
                        "file",
                        "apps/slipway.y",
                        "file",
                        "apps/slipway-x/dev/c.yaml",
                        "c",
                        "apps/slipway/dev.yaml",
                        "file",
                        "README.md",
                        "readme",
                        "zzz/ünïcödé.txt",
                        "u",
                        "apps/Slipway/dev/d.yaml",
                        "d"));
        Map<String, String> folder = files("a.yaml", "changed", "b.yaml", "new", "ß.yaml", "non-ascii");

        ObjectId replaced = replace(Optional.of(root), "apps/slipway/dev", folder);

        assertThat(replaced)
                .isEqualTo(gitTree(Optional.of(root), "apps/slipway/dev", prefixed("apps/slipway/dev/", folder)));
        GitHttpServer.git(temp.resolve("repo.git"), "fsck", "--strict", "--no-dangling");
    }

    @Test
    void startsAnEmptyRepositoryAndRemovesAFolderWithTheParentsItLeavesEmpty() throws Exception {
        ObjectId first = replace(Optional.empty(), "apps/slipway/dev", files("a.yaml", "a"));
        assertThat(first).isEqualTo(gitTree(Optional.empty(), "", files("apps/slipway/dev/a.yaml", "a")));

        ObjectId withOther = gitTree(Optional.of(first), "", files("README.md", "readme"));
        ObjectId removed = replace(Optional.of(withOther), "apps/slipway/dev", Map.of());
        assertThat(removed).isEqualTo(gitTree(Optional.of(withOther), "apps", Map.of()));
        assertThat(GitHttpServer.git(temp.resolve("repo.git"), "ls-tree", "-r", "--name-only", removed.name()))
                .isEqualTo("README.md\n");
    }

    @Test
    void aFileWhereTheFolderGoesIsReplacedByTheFolder() throws Exception {
        ObjectId root = gitTree(Optional.empty(), "", files("apps/slipway", "a file", "apps/other/dev/a.yaml", "a"));
        ObjectId replaced = replace(Optional.of(root), "apps/slipway/dev", files("a.yaml", "a"));
        assertThat(replaced)
                .isEqualTo(gitTree(Optional.of(root), "apps/slipway", files("apps/slipway/dev/a.yaml", "a")));
    }

    private ObjectId replace(Optional<ObjectId> root, String folder, Map<String, String> files) throws IOException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        try (ObjectReader reader = repository.newObjectReader();
                ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId tree = new FolderReplacement(reader, inserter).replace(root, folder, bytes);
            inserter.flush();
            return tree;
        }
    }

    /** git's own answer: the tree read into an index, {@code remove} dropped, {@code files} added, written back. */
    private ObjectId gitTree(Optional<ObjectId> root, String remove, Map<String, String> files) throws IOException {
        Path gitDir = temp.resolve("repo.git");
        Path index = temp.resolve("index-" + System.nanoTime());
        String[] env = {"--git-dir=" + gitDir};
        git(
                index,
                env,
                root.isPresent()
                        ? new String[] {"read-tree", root.get().name()}
                        : new String[] {"read-tree", "--empty"});
        if (!remove.isEmpty()) {
            git(index, env, "rm", "-r", "-q", "--cached", "--ignore-unmatch", remove);
        }
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                ObjectId blob =
                        inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8));
                inserter.flush();
                git(index, env, "update-index", "--add", "--cacheinfo", "100644," + blob.name() + "," + file.getKey());
            }
        }
        return ObjectId.fromString(git(index, env, "write-tree").trim());
    }

    private String git(Path index, String[] env, String... args) throws IOException {
        String[] command = new String[env.length + args.length + 3];
        command[0] = "git";
        command[1] = "-c";
        command[2] = "core.quotepath=false";
        System.arraycopy(env, 0, command, 3, env.length);
        System.arraycopy(args, 0, command, 3 + env.length, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("GIT_INDEX_FILE", index.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertThat(process.waitFor())
                    .as(String.join(" ", command) + ": " + output)
                    .isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return output;
    }

    private static Map<String, String> files(String... nameThenText) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < nameThenText.length; i += 2) {
            files.put(nameThenText[i], nameThenText[i + 1]);
        }
        return files;
    }

    private static Map<String, String> prefixed(String prefix, Map<String, String> files) {
        Map<String, String> result = new LinkedHashMap<>();
        files.forEach((name, text) -> result.put(prefix + name, text));
        return result;
    }
}
