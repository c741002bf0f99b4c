package io.slipway.gitops.publish;

import io.slipway.gitops.TerminalText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FilterSpec;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.util.FileUtils;

/**
 * The config repository's remote, as the generator talks to it: fetches a branch into a bare
 * repository in a temporary folder (shallow, and without blobs where the server allows it), fetches
 * the files a read needs on demand, and pushes. What was fetched is read through a
 * {@link ConfigSnapshot}; new commits are built by {@link FolderCommit}, with no working tree at all.
 * Closing it removes the temporary folder.
 */
final class GitConfigRemote implements ConfigRemote {

    private static final FilterSpec NO_BLOBS = noBlobs();

    /** Server-side messages that mean "the ref moved under us", not "you may not push this". */
    private static final Pattern LOST_RACE = Pattern.compile(
            "(?i)cannot lock ref|failed to update ref|failed to lock|stale info|fetch first|atomic transaction failed");

    private final String url;
    private final GitCredentials credentials;
    private final Path directory;
    private final Git git;
    /** Whether shallow fetches ask for no blobs; off once the server turns the filter down. */
    private boolean partial = true;

    private GitConfigRemote(String url, GitCredentials credentials, Path directory, Git git) {
        this.url = url;
        this.credentials = credentials;
        this.directory = directory;
        this.git = git;
    }

    /**
     * The remote at {@code url}, reached with {@code credentials}; nothing is fetched yet. A
     * {@code git://} URL is refused: that protocol has no authentication and no encryption, and
     * JGit's read timeout cannot stop a silent git daemon (it interrupts the reading thread, which
     * a blocking socket read has ignored since JDK 13), so one could hang a CI job until its deadline.
     */
    static GitConfigRemote open(String url, GitCredentials credentials) throws PublishFailure {
        if (url.regionMatches(true, 0, "git://", 0, "git://".length())) {
            throw new PublishFailure(
                    PublishFailure.Kind.INVALID,
                    "--repo " + TerminalText.visible(Failures.safe(url)) + ": the git:// protocol has no"
                            + " authentication or encryption and no working read timeout; use the repository's"
                            + " https:// or ssh:// URL (or a local path)");
        }
        try {
            Path directory = Files.createTempDirectory("slipway-config-");
            Git git = Git.init().setBare(true).setDirectory(directory.toFile()).call();
            return new GitConfigRemote(url, credentials, directory, git);
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
     * files that are read come on demand (see {@link ConfigSnapshot#readFolder}). Empty when the
     * remote has no such branch (an empty repository, or a merge-request branch not yet pushed).
     */
    @Override
    public Optional<ConfigSnapshot> fetch(String branch, boolean full) throws PublishFailure {
        // git check-ref-format --branch also refuses a leading '-', which would read as an option.
        if (!Repository.isValidRefName(Constants.R_HEADS + branch) || branch.startsWith("-")) {
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
                return Optional.of(new ConfigSnapshot(this, walk.parseCommit(ref.getObjectId())));
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
                    "fetch " + branch + " from " + Failures.safe(url) + " failed: " + e.getMessage(),
                    e);
        }
    }

    /** A commit already fetched (from a branch fetched with its history), by id or any revision git resolves. */
    @Override
    public ConfigSnapshot at(String revision) throws PublishFailure {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            ObjectId id = git.getRepository().resolve(revision);
            if (id == null) {
                throw new PublishFailure(
                        PublishFailure.Kind.INVALID, "no commit " + revision + " in the config repository");
            }
            return new ConfigSnapshot(this, walk.parseCommit(id));
        } catch (IOException e) {
            throw new PublishFailure(
                    PublishFailure.Kind.INVALID, "no commit " + revision + " in the config repository", e);
        }
    }

    /**
     * Pushes a commit to a ref without force; with a lease, the ref may move from exactly the
     * leased id (used only for Slipway's own merge-request branches). Returns the ref's status.
     */
    @Override
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

    /** The local repository the fetches land in and commits are built in. */
    @Override
    public Repository repository() {
        return git.getRepository();
    }

    /**
     * Fetches blobs by id into the local repository (those a partial fetch left out). They are
     * fetched into an empty repository of their own: from here, the server would count them as
     * already present (they are reachable from the commit fetched) and send nothing. That repository
     * is on disk beside this one, not in memory: a local path or {@code file:} URL is served by
     * JGit's own upload-pack, which needs a file system under the fetching repository.
     */
    @Override
    public void fetchBlobs(Collection<ObjectId> ids) throws PublishFailure, IOException {
        List<RefSpec> missing = ids.stream()
                .filter(id -> !has(id))
                .distinct()
                .map(id -> new RefSpec(id.name()))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        Path folder = Files.createTempDirectory(directory, "blobs-");
        try (Git fetcher =
                        Git.init().setBare(true).setDirectory(folder.toFile()).call();
                ObjectInserter inserter = git.getRepository().newObjectInserter()) {
            credentials
                    .apply(fetcher.fetch().setRemote(url).setRefSpecs(missing))
                    .call();
            for (RefSpec spec : missing) {
                ObjectId id = ObjectId.fromString(spec.getSource());
                inserter.insert(
                        Constants.OBJ_BLOB,
                        fetcher.getRepository().open(id, Constants.OBJ_BLOB).getBytes());
            }
            inserter.flush();
        } catch (TransportException e) {
            throw Failures.transport("fetch " + missing.size() + " file(s) by object id", e);
        } catch (GitAPIException e) {
            throw new PublishFailure(
                    PublishFailure.Kind.REMOTE,
                    "fetch " + missing.size() + " file(s) by object id from " + Failures.safe(url) + " failed: "
                            + e.getMessage(),
                    e);
        } finally {
            FileUtils.delete(folder.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        }
    }

    private boolean has(ObjectId id) {
        try {
            return git.getRepository().getObjectDatabase().has(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FilterSpec noBlobs() {
        try {
            return FilterSpec.fromFilterLine("blob:none");
        } catch (PackProtocolException e) {
            throw new IllegalStateException(e);
        }
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
