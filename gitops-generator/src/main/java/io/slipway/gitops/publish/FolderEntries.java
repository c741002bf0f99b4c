package io.slipway.gitops.publish;

import io.slipway.gitops.TerminalText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * What Slipway writes under {@code apps/}, and nothing else: {@code apps/<app>/<env>/} folders
 * holding regular files with plain names, one of them {@code .slipway.json}. A symbolic link, a
 * submodule, an executable, a nested folder, a file where a folder belongs, a folder without
 * provenance or a name with odd characters is something Slipway did not write, and is reported.
 */
final class FolderEntries {

    /** The names Slipway gives apps, environments and files. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}|\\.slipway\\.json");

    private FolderEntries() {}

    /**
     * One line per entry at {@code commit} under {@code prefix} ({@code apps}, or one
     * {@code apps/<app>/<env>} folder) that Slipway does not write.
     */
    static List<String> foreign(Repository repository, RevCommit commit, String prefix) {
        List<String> notAFolder = onPath(repository, commit, prefix);
        if (!notAFolder.isEmpty()) {
            return notAFolder;
        }
        List<String> problems = new ArrayList<>();
        Set<String> published = new HashSet<>();
        List<String> folders = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(commit.getTree());
            walk.setFilter(PathFilter.create(prefix));
            while (walk.next()) {
                String path = walk.getPathString();
                int depth = path.split("/", -1).length;
                FileMode mode = walk.getFileMode(0);
                String shown = TerminalText.visible(path);
                if (depth == 1) {
                    if (walk.isSubtree()) {
                        walk.enterSubtree();
                    }
                    continue;
                }
                if (!PLAIN_NAME.matcher(walk.getNameString()).matches()) {
                    problems.add(shown + ": a name Slipway does not write");
                } else if (depth < 4 && !walk.isSubtree()) {
                    problems.add(shown + ": " + kind(mode) + " where Slipway writes a folder");
                } else if (depth == 4 && mode != FileMode.REGULAR_FILE) {
                    problems.add(shown + ": " + kind(mode) + "; Slipway writes only regular files");
                } else if (depth == 3) {
                    folders.add(path);
                    walk.enterSubtree();
                } else if (depth == 2) {
                    walk.enterSubtree();
                } else if (walk.getNameString().equals(Provenance.FILE)) {
                    published.add(path.substring(0, path.lastIndexOf('/')));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String folder : folders) {
            if (!published.contains(folder)) {
                problems.add(
                        TerminalText.visible(folder) + ": no " + Provenance.FILE + "; not a folder Slipway published");
            }
        }
        return problems;
    }

    /**
     * The first entry on the path to {@code prefix} ({@code apps}, {@code apps/<app>}, the prefix
     * itself) that is not a folder, as a line; a tree walk filtered to the prefix does not show a
     * parent that is a file at all.
     */
    private static List<String> onPath(Repository repository, RevCommit commit, String prefix) {
        String[] parts = prefix.split("/");
        for (int depth = 1; depth <= parts.length; depth++) {
            String parent = String.join("/", Arrays.copyOf(parts, depth));
            try (TreeWalk entry = TreeWalk.forPath(repository, parent, commit.getTree())) {
                if (entry != null && entry.getFileMode(0) != FileMode.TREE) {
                    return List.of(TerminalText.visible(parent) + ": " + kind(entry.getFileMode(0))
                            + " where Slipway writes a folder");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.of();
    }

    private static String kind(FileMode mode) {
        if (mode == FileMode.SYMLINK) {
            return "a symbolic link";
        }
        if (mode == FileMode.GITLINK) {
            return "a submodule (gitlink)";
        }
        if (mode == FileMode.EXECUTABLE_FILE) {
            return "an executable file";
        }
        if (mode == FileMode.TREE) {
            return "a folder";
        }
        return "a file";
    }
}
