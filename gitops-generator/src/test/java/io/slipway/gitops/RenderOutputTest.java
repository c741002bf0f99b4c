package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.failure.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code render --out} replaces only what is provably its own: an absent or empty folder, or one it
 * rendered and nobody changed since. Everything else is refused in one line, exit 2, and every file
 * on disk is as it was. (The working directory and its ancestors: {@code LauncherIT}, which can give
 * the command a working directory of its own.)
 */
class RenderOutputTest {

    @TempDir
    Path temp;

    CliRun render(Path out, Path environments) {
        return CliRun.inProcess(System.getenv(), Fixtures.renderArgs("staging", out, environments));
    }

    CliRun render(Path out) {
        return render(out, Fixtures.ENVIRONMENTS);
    }

    /** Refused with one line naming the folder and the reason; nothing under {@code temp} changed. */
    void assertRefused(Supplier<CliRun> command, Path out, String reason) throws IOException {
        Map<String, String> before = snapshot(temp);
        CliRun run = command.get();
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines())
                .singleElement()
                .asString()
                .startsWith("--out " + out + ": ")
                .contains(reason);
        assertThat(snapshot(temp)).isEqualTo(before);
    }

    @Test
    void anAbsentOrEmptyFolderIsRenderedAndMarked() throws IOException {
        Path absent = temp.resolve("out/staging");
        assertThat(render(absent).exit()).isZero();
        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertThat(render(empty).exit()).isZero();
        assertThat(snapshot(empty)).isEqualTo(snapshot(absent));
        assertThat(Fixtures.read(absent.resolve(".slipway-rendered")))
                .startsWith("# Rendered by slipway gitops-generator ")
                .contains("  deployment.yaml\n", "  kustomization.yaml\n");
    }

    @Test
    void aFolderRenderRenderedIsReplacedAgainButNotOnceSomebodyChangedIt() throws IOException {
        Path out = temp.resolve("out");
        assertThat(render(out).exit()).isZero();
        CliRun again = render(out);
        assertThat(again.exit()).as(again.err()).isZero();

        Fixtures.write(out.resolve("notes.md"), "mine");
        assertRefused(() -> render(out), out, "holds notes.md, which Slipway did not render");
        Files.delete(out.resolve("notes.md"));

        Fixtures.write(out.resolve("deployment.yaml"), Fixtures.read(out.resolve("deployment.yaml")) + "# tuned\n");
        assertRefused(() -> render(out), out, "holds deployment.yaml, changed since Slipway rendered it");

        Files.delete(out.resolve("deployment.yaml"));
        Files.createDirectory(out.resolve("deployment.yaml"));
        assertRefused(() -> render(out), out, "holds deployment.yaml, which Slipway did not render");
    }

    @Test
    void aFileOrAFolderWithOtherFilesIsRefused() throws IOException {
        Path notes = temp.resolve("notes.txt");
        Fixtures.write(notes, "my notes");
        assertRefused(() -> render(notes), notes, "is a file, not a folder");

        Path folder = Files.createDirectories(temp.resolve("some/folder"));
        Fixtures.write(folder.resolve("keep.yaml"), "kind: Mine");
        assertRefused(() -> render(folder), folder, "holds keep.yaml and is not a folder Slipway rendered");

        Path marker = temp.resolve("marker-only");
        Files.createDirectories(marker.resolve("sub"));
        Fixtures.write(marker.resolve(".slipway-rendered"), "# forged\n");
        assertRefused(() -> render(marker), marker, "holds sub, which Slipway did not render");
    }

    @Test
    void aGitWorkTreeTheRootAndTheHomeFolderAreRefused() throws IOException {
        Path work = Files.createDirectories(temp.resolve("work/.git")).getParent();
        assertRefused(() -> render(work), work, "is a git work tree");
        assertRefused(() -> render(Path.of("/")), Path.of("/"), "is the file system's root");
        Path home = Files.createDirectories(temp.resolve("home"));
        assertRefused(
                () -> CliRun.inProcessWith(
                        Map.of("HOME", home.toString()), Fixtures.renderArgs("staging", home, Fixtures.ENVIRONMENTS)),
                home,
                "is the home folder");
    }

    @Test
    void theValuesFolderWhatHoldsItAndWhatItHoldsAreRefused() throws IOException {
        Path environments = Fixtures.environmentsCopy(temp.resolve("project"));
        Files.createDirectories(environments.resolve("trusted-signers"));
        assertRefused(() -> render(environments, environments), environments, "holds the values folder");
        Path project = environments.getParent();
        assertRefused(() -> render(project, environments), project, "holds the values folder");
        Path inside = environments.resolve("trusted-signers");
        assertRefused(() -> render(inside, environments), inside, "is inside the values folder");
        Path absentInside = environments.resolve("out");
        assertRefused(() -> render(absentInside, environments), absentInside, "is inside the values folder");
    }

    @Test
    void aSymbolicLinkIsRefused() throws IOException {
        Path real = Files.createDirectories(temp.resolve("real"));
        Path link = Files.createSymbolicLink(temp.resolve("link"), real);
        assertRefused(() -> render(link), link, "is a symbolic link");
    }

    /** Every file and folder under {@code root}, with file contents. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                entries.put(
                        root.relativize(path).toString(),
                        Files.isRegularFile(path)
                                ? Files.readString(path)
                                : Files.isSymbolicLink(path) ? "link" : "dir");
            }
        }
        return entries;
    }
}
