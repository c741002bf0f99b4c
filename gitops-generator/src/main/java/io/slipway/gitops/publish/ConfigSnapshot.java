package io.slipway.gitops.publish;

import io.slipway.gitops.TerminalText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The config repository at one fetched commit (a branch's tip, or a commit of its history): its
 * generated folders, their files and the commits that changed them. Files a partial fetch left out
 * are fetched from the {@link ConfigRemote} when first read.
 */
public final class ConfigSnapshot {

    /** Far above any file Slipway renders (tens of KiB), far below what would exhaust memory. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private final ConfigRemote remote;
    private final RevCommit commit;

    ConfigSnapshot(ConfigRemote remote, RevCommit commit) {
        this.remote = remote;
        this.commit = commit;
    }

    public RevCommit commit() {
        return commit;
    }

    /** The commit's id as messages show it (12 hex digits). */
    public String shortId() {
        return commit.abbreviate(12).name();
    }

    /**
     * The files directly in a folder (name to bytes); empty when the folder is absent. A file over
     * {@value #MAX_FILE_BYTES} bytes is refused before it is read.
     */
    public Map<String, byte[]> readFolder(String folder) throws PublishFailure {
        Map<String, ObjectId> ids = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(repository())) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            walk.setFilter(PathFilter.create(folder));
            while (walk.next()) {
                String path = walk.getPathString();
                // Only the regular files directly in it: a link, a submodule, a nested folder or an
                // entry where the folder (or one of its parents) belongs is not Slipway's, is never
                // opened as a file, and verify and publish report it (FolderEntries).
                String name = path.startsWith(folder + "/") ? path.substring(folder.length() + 1) : "/";
                if (name.indexOf('/') < 0 && walk.getFileMode(0) == FileMode.REGULAR_FILE) {
                    ids.put(name, walk.getObjectId(0));
                }
            }
            remote.fetchBlobs(ids.values());
            Map<String, byte[]> files = new TreeMap<>();
            for (Map.Entry<String, ObjectId> file : ids.entrySet()) {
                ObjectLoader blob = repository().open(file.getValue(), Constants.OBJ_BLOB);
                if (blob.getSize() > MAX_FILE_BYTES) {
                    throw new PublishFailure(
                            PublishFailure.Kind.FOREIGN,
                            TerminalText.visible(folder + "/" + file.getKey()) + ": " + blob.getSize()
                                    + " bytes; a generated file is far smaller (at most " + MAX_FILE_BYTES
                                    + "), so Slipway did not write this one; nothing was read further");
                }
                files.put(file.getKey(), blob.getBytes());
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code folder} already holds exactly {@code files}: compared by object ids, computed
     * without storing anything and without reading the folder's files.
     */
    public boolean holds(String folder, Map<String, byte[]> files) {
        try (TreeWalk existing = TreeWalk.forPath(repository(), folder, commit.getTree())) {
            if (existing == null || files.isEmpty()) {
                return existing == null && files.isEmpty();
            }
            ObjectInserter.Formatter ids = new ObjectInserter.Formatter();
            TreeFormatter tree = new TreeFormatter();
            for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
                tree.append(file.getKey(), FileMode.REGULAR_FILE, ids.idFor(Constants.OBJ_BLOB, file.getValue()));
            }
            return existing.getFileMode(0) == FileMode.TREE
                    && existing.getObjectId(0).equals(tree.computeId(ids));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What lies at {@code folder} ({@code apps/<app>/<env>}) or on its path that Slipway does not write,
     * one line each: a link, a submodule, a nested folder or an odd name in it, a file where it or a
     * parent folder belongs, a folder without provenance. Empty when the folder is absent or Slipway's.
     */
    public List<String> foreignEntries(String folder) {
        return FolderEntries.foreign(repository(), commit, folder);
    }

    /** Every {@code apps/<app>/<env>} folder holding a provenance file. */
    public List<String> folders() {
        List<String> folders = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repository())) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            walk.setFilter(PathFilter.create("apps"));
            while (walk.next()) {
                String path = walk.getPathString();
                if (path.endsWith("/" + Provenance.FILE) && path.split("/").length == 4) {
                    folders.add(path.substring(0, path.length() - Provenance.FILE.length() - 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folders;
    }

    /** The commits that changed a folder up to this one, newest first; the branch must have been fetched whole. */
    public List<ConfigSnapshot> history(String folder, int max) {
        List<ConfigSnapshot> commits = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository())) {
            walk.markStart(walk.parseCommit(commit));
            walk.setRevFilter(RevFilter.ALL);
            walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(folder), TreeFilter.ANY_DIFF));
            for (RevCommit changed : walk) {
                commits.add(new ConfigSnapshot(remote, changed));
                if (commits.size() >= max) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return commits;
    }

    /** Whether this commit is {@code other} or one of its ancestors; both must have been fetched with their history. */
    public boolean isAncestorOf(ConfigSnapshot other) {
        try (RevWalk walk = new RevWalk(repository())) {
            return walk.isMergedInto(walk.parseCommit(commit), walk.parseCommit(other.commit));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The commit's first parent as its header names it: a shallow fetch (depth 1) brings the commit
     * without its parents, and JGit then reports none.
     */
    public Optional<ObjectId> firstParent() {
        for (String line : new String(commit.getRawBuffer(), StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.startsWith("parent ")) {
                return Optional.of(ObjectId.fromString(line.substring("parent ".length(), "parent ".length() + 40)));
            }
        }
        return Optional.empty();
    }

    /** The repository the commit's objects are read from (signature checks, entry walks). */
    Repository repository() {
        return remote.repository();
    }
}
