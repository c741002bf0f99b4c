package io.slipway.gitops.publish;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * The config repository as the generator reads and writes it: fetch a branch, read what was
 * fetched through a {@link ConfigSnapshot}, push a commit built in {@link #repository()}. {@link
 * #open} reaches a real remote over https, ssh or a local path; a test may put itself in between
 * (a push that loses a race, a branch that moves between fetch and push).
 */
public interface ConfigRemote extends AutoCloseable {

    /** A push's outcome for the ref, and what the remote said ({@code remote:} lines, e.g. a merge request URL). */
    record PushReply(RemoteRefUpdate.Status status, String remoteMessages) {}

    /**
     * The remote at {@code url}, reached with {@code credentials}; nothing is fetched yet. A
     * {@code git://} URL is refused: no authentication, no encryption, and no read timeout that
     * works (see {@link GitConfigRemote#open}).
     */
    static ConfigRemote open(String url, GitCredentials credentials) throws PublishFailure {
        return GitConfigRemote.open(url, credentials);
    }

    /**
     * Fetches a branch; depth 1 unless {@code full}. Empty when the remote has no such branch (an
     * empty repository, or a merge-request branch not yet pushed).
     */
    Optional<ConfigSnapshot> fetch(String branch, boolean full) throws PublishFailure;

    /** A commit already fetched (from a branch fetched with its history), by id or any revision git resolves. */
    ConfigSnapshot at(String revision) throws PublishFailure;

    /**
     * Pushes a commit to a ref without force; with a lease, the ref may move from exactly the
     * leased id (used only for Slipway's own merge-request branches). Returns the ref's status.
     */
    PushReply push(ObjectId commit, String ref, Optional<ObjectId> lease, List<String> pushOptions)
            throws PublishFailure;

    /** The local repository the fetches land in and commits are built in. */
    Repository repository();

    /** Fetches blobs a partial fetch left out into {@link #repository()}, by id; those present are not fetched. */
    void fetchBlobs(Collection<ObjectId> ids) throws PublishFailure, IOException;

    /** Removes what the fetches left on disk; never fails. */
    @Override
    void close();
}
