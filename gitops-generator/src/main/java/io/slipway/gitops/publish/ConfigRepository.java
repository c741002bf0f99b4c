package io.slipway.gitops.publish;

import io.slipway.gitops.TerminalText;
import io.slipway.gitops.signing.CommitSigner;
import io.slipway.gitops.signing.SigningException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.transport.FilterSpec;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FileUtils;

/**
 * A config repository as publish sees it: a bare repository in a temporary folder, fetched
 * shallowly, where new commits are built in memory (the trees on the folder's path rewritten,
 * see {@link FolderReplacement}) with no working tree at all. Closing it removes the temporary folder.
 */
public final class ConfigRepository implements AutoCloseable {

    private static final FilterSpec NO_BLOBS = noBlobs();

    /** Server-side messages that mean "the ref moved under us", not "you may not push this". */
    private static final Pattern LOST_RACE = Pattern.compile(
            "(?i)cannot lock ref|failed to update ref|failed to lock|stale info|fetch first|atomic transaction failed");

    /** Far above any file Slipway renders (tens of KiB), far below what would exhaust memory. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private final String url;
    private final GitCredentials credentials;
    private final Path directory;
    private final Git git;
    /** Whether shallow fetches ask for no blobs; off once the server turns the filter down. */
    private boolean partial = true;

    private ConfigRepository(String url, GitCredentials credentials, Path directory, Git git) {
        this.url = url;
        this.credentials = credentials;
        this.directory = directory;
        this.git = git;
    }

    public static ConfigRepository open(String url, GitCredentials credentials) throws PublishFailure {
        try {
            Path directory = Files.createTempDirectory("slipway-config-");
            Git git = Git.init().setBare(true).setDirectory(directory.toFile()).call();
            return new ConfigRepository(url, credentials, directory, git);
        } catch (IOException | GitAPIException e) {
            throw new PublishFailure(
                    PublishFailure.Kind.REMOTE, "cannot create a local repository: " + e.getMessage(), e);
        }
    }

    /**
     * Fetches a branch; depth 1 unless {@code full}. Fetching the same branch again (a retry after
     * the branch moved) asks only for what is new since the last fetch, so a retry costs the other
     * pipelines' commits, not the repository. A shallow fetch asks for commits and trees only
     * (filter {@code blob:none}) when the server supports it, as GitLab does: a publish replaces one
     * folder, and the blobs of every other folder (most of the repository) are never read; the few
     * files that are read come on demand (see {@link #readFolder}). Empty when the remote has no
     * such branch (an empty repository, or a merge-request branch not yet pushed).
     */
    public Optional<RevCommit> fetch(String branch, boolean full) throws PublishFailure {
        if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new PublishFailure(
                    PublishFailure.Kind.INVALID,
                    "branch " + TerminalText.visible(branch) + ": not a name git allows for a branch (see git"
                            + " check-ref-format)");
        }
        String local = "refs/remotes/origin/" + branch;
        boolean filtered = !full && partial;
        try {
            FetchCommand fetch = credentials.apply(
                    git.fetch().setRemote(url).setRefSpecs(new RefSpec("+refs/heads/" + branch + ":" + local)));
            if (!full && git.getRepository().exactRef(local) == null) {
                fetch.setDepth(1);
            }
            if (filtered) {
                fetch.setTransportConfigCallback(transport -> {
                    credentials.configure(transport);
                    transport.setFilterSpec(NO_BLOBS);
                });
            }
            fetch.call();
            Ref ref = git.getRepository().exactRef(local);
            if (ref == null) {
                return Optional.empty();
            }
            try (RevWalk walk = new RevWalk(git.getRepository())) {
                return Optional.of(walk.parseCommit(ref.getObjectId()));
            }
        } catch (TransportException e) {
            if (isMissingRef(e)) {
                return Optional.empty();
            }
            if (filtered && refusesFilter(e)) {
                partial = false; // a server without partial clone: the whole snapshot, as git clone --depth 1
                return fetch(branch, full);
            }
            throw Failures.transport("fetch " + branch, e);
        } catch (GitAPIException | IOException e) {
            throw new PublishFailure(
                    PublishFailure.Kind.REMOTE,
                    "fetch " + branch + " from " + safe(url) + " failed: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Builds a commit on {@code parent} whose tree is the parent's with {@code folder} replaced by
     * exactly {@code files}; everything outside the folder keeps its object ids. Signed when a
     * signer is given. Empty when the result would equal the parent's tree.
     */
    public Optional<ObjectId> commitFolder(
            Optional<RevCommit> parent,
            String folder,
            Map<String, byte[]> files,
            PersonIdent author,
            PersonIdent committer,
            String message,
            Optional<CommitSigner> signer)
            throws SigningException {
        Repository repository = git.getRepository();
        try (ObjectInserter inserter = repository.newObjectInserter();
                ObjectReader reader = repository.newObjectReader()) {
            ObjectId tree = new FolderReplacement(reader, inserter)
                    .replace(parent.map(commit -> commit.getTree().getId()), folder, files);
            if (parent.isPresent() && parent.get().getTree().getId().equals(tree)) {
                return Optional.empty();
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            parent.ifPresent(commit::setParentId);
            commit.setAuthor(author);
            commit.setCommitter(committer);
            commit.setMessage(message);
            if (signer.isPresent()) {
                signer.get().sign(repository, commit, committer);
            }
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return Optional.of(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code folder} already holds exactly {@code files} at {@code commit}: compared by
     * object ids, computed without storing anything and without reading the folder's files.
     */
    public boolean holds(RevCommit commit, String folder, Map<String, byte[]> files) {
        try (TreeWalk existing = TreeWalk.forPath(git.getRepository(), folder, commit.getTree())) {
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

    /** The local repository, for checks that read its objects (signatures). */
    Repository repository() {
        return git.getRepository();
    }

    /**
     * A commit's first parent as its header names it: a shallow fetch (depth 1) brings the commit
     * without its parents, and JGit then reports none.
     */
    static Optional<ObjectId> firstParent(RevCommit commit) {
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

    /** The root tree of a commit built or fetched here. */
    public ObjectId treeOf(ObjectId commit) {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            return walk.parseCommit(commit).getTree().getId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The files directly in a folder of a commit (name to bytes); empty when the folder is absent.
     * Files a partial fetch left out are fetched by object id first.
     */
    public Map<String, byte[]> readFolder(RevCommit commit, String folder) throws PublishFailure {
        Map<String, ObjectId> ids = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(git.getRepository())) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            walk.setFilter(PathFilter.create(folder));
            while (walk.next()) {
                String path = walk.getPathString();
                // Only the regular files directly in it: a link, a submodule or a nested folder is
                // not Slipway's, is never opened as a file, and verify reports it (FolderEntries).
                if (path.substring(folder.length() + 1).indexOf('/') < 0
                        && walk.getFileMode(0) == FileMode.REGULAR_FILE) {
                    ids.put(path.substring(folder.length() + 1), walk.getObjectId(0));
                }
            }
            fetchMissing(ids.values());
            Map<String, byte[]> files = new TreeMap<>();
            for (Map.Entry<String, ObjectId> file : ids.entrySet()) {
                ObjectLoader blob = git.getRepository().open(file.getValue(), Constants.OBJ_BLOB);
                if (blob.getSize() > MAX_FILE_BYTES) {
                    throw new PublishFailure(
                            PublishFailure.Kind.INVALID,
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
     * Fetches objects by id into this repository. They are fetched into an empty repository of
     * their own: from here, the server would count them as already present (they are reachable
     * from the commit fetched) and send nothing.
     */
    private void fetchMissing(Collection<ObjectId> ids) throws PublishFailure, IOException {
        List<RefSpec> missing = ids.stream()
                .filter(id -> !hasObject(id))
                .distinct()
                .map(id -> new RefSpec(id.name()))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        try (InMemoryRepository objects = new InMemoryRepository(new DfsRepositoryDescription("objects"));
                Git fetcher = new Git(objects);
                ObjectInserter inserter = git.getRepository().newObjectInserter()) {
            credentials
                    .apply(fetcher.fetch().setRemote(url).setRefSpecs(missing))
                    .call();
            for (RefSpec spec : missing) {
                ObjectId id = ObjectId.fromString(spec.getSource());
                inserter.insert(
                        Constants.OBJ_BLOB, objects.open(id, Constants.OBJ_BLOB).getBytes());
            }
            inserter.flush();
        } catch (TransportException e) {
            throw Failures.transport("fetch " + missing.size() + " file(s) by object id", e);
        } catch (GitAPIException e) {
            throw new PublishFailure(
                    PublishFailure.Kind.REMOTE,
                    "fetch " + missing.size() + " file(s) by object id from " + safe(url) + " failed: "
                            + e.getMessage(),
                    e);
        }
    }

    private boolean hasObject(ObjectId id) {
        try {
            return git.getRepository().getObjectDatabase().has(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code apps/<app>/<env>} folder holding a provenance file, at a commit. */
    public List<String> folders(RevCommit commit) {
        List<String> folders = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(git.getRepository())) {
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

    /** Commits that changed a folder, newest first, from a fully fetched tip. */
    public List<RevCommit> history(RevCommit tip, String folder, int max) {
        List<RevCommit> commits = new ArrayList<>();
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            walk.markStart(walk.parseCommit(tip));
            walk.setRevFilter(RevFilter.ALL);
            walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(folder), TreeFilter.ANY_DIFF));
            for (RevCommit commit : walk) {
                commits.add(commit);
                if (commits.size() >= max) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return commits;
    }

    public RevCommit parse(String revision) throws PublishFailure {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            ObjectId id = git.getRepository().resolve(revision);
            if (id == null) {
                throw new PublishFailure(
                        PublishFailure.Kind.INVALID, "no commit " + revision + " in the config repository");
            }
            return walk.parseCommit(id);
        } catch (IOException e) {
            throw new PublishFailure(
                    PublishFailure.Kind.INVALID, "no commit " + revision + " in the config repository", e);
        }
    }

    /** A push's outcome for the ref, and what the remote said ({@code remote:} lines, e.g. a merge request URL). */
    public record PushReply(RemoteRefUpdate.Status status, String remoteMessages) {}

    /**
     * Pushes a commit to a ref without force; with a lease, the ref may move from exactly the
     * leased id (used only for Slipway's own merge-request branches). Returns the ref's status.
     */
    public PushReply push(ObjectId commit, String ref, Optional<ObjectId> lease, List<String> pushOptions)
            throws PublishFailure {
        try {
            PushCommand push = credentials.apply(git.push().setRemote(url));
            if (lease.isPresent()) {
                push.setRefSpecs(new RefSpec("+" + commit.name() + ":" + ref));
                push.setRefLeaseSpecs(new RefLeaseSpec(ref, lease.get().name()));
            } else {
                push.setRefSpecs(new RefSpec(commit.name() + ":" + ref));
            }
            push.setPushOptions(pushOptions.isEmpty() ? null : pushOptions);
            RemoteRefUpdate.Status status = RemoteRefUpdate.Status.NOT_ATTEMPTED;
            String message = null;
            StringBuilder remoteMessages = new StringBuilder();
            for (PushResult result : push.call()) {
                RemoteRefUpdate update = result.getRemoteUpdate(ref);
                if (update != null) {
                    status = update.getStatus();
                    message = update.getMessage();
                }
                if (result.getMessages() != null) {
                    remoteMessages.append(result.getMessages());
                }
            }
            if (status == RemoteRefUpdate.Status.REJECTED_OTHER_REASON) {
                String reason = message == null ? "" : message.replaceAll("\\s+", " ");
                if (LOST_RACE.matcher(reason).find()) {
                    // Another push updated the ref while ours was being applied: same as non-fast-forward.
                    return new PushReply(RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED, remoteMessages.toString());
                }
                throw new PublishFailure(
                        PublishFailure.Kind.REJECTED,
                        "the remote declined the push to " + ref + (reason.isEmpty() ? "" : ": " + reason));
            }
            return new PushReply(status, remoteMessages.toString());
        } catch (TransportException e) {
            throw Failures.transport("push to " + ref, e);
        } catch (GitAPIException e) {
            throw new PublishFailure(PublishFailure.Kind.REMOTE, "push to " + ref + " failed: " + e.getMessage(), e);
        }
    }

    private static FilterSpec noBlobs() {
        try {
            return FilterSpec.fromFilterLine("blob:none");
        } catch (PackProtocolException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URL with any user info removed, for messages. */
    static String safe(String url) {
        return url.replaceFirst("//[^/@]*@", "//");
    }

    /** JGit refuses a filter the server does not advertise before sending anything. */
    private static boolean refusesFilter(TransportException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PackProtocolException
                    && String.valueOf(cause.getMessage()).endsWith(JGitText.get().filterRequiresCapability)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMissingRef(TransportException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Remote does not have") || message.contains("not found in upstream");
    }

    /**
     * Removes the temporary folder. JGit may still be probing the file system's timestamp
     * resolution in it from a background thread (short-lived {@code .probe-*} files), so files
     * that vanish or appear during the removal are expected; the removal retries, and a folder
     * that still cannot be removed is a warning, never a failure of the command that succeeded.
     */
    @Override
    public void close() {
        git.close();
        try {
            FileUtils.delete(directory.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        } catch (IOException e) {
            System.err.println("warning: temporary clone " + directory + " was not removed: " + e.getMessage());
        }
    }
}
