package io.slipway.gitops.publish;

import io.slipway.gitops.signing.CommitSigner;
import io.slipway.gitops.signing.SigningException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Builds the commit that puts one delivery's folder on a tip: the tip's tree with the folder replaced
 * by exactly the delivery's files (everything outside it keeps its object ids, see
 * {@link FolderReplacement}), signed when a signer is given, stored in the remote's local repository.
 */
final class FolderCommit {

    private final Repository repository;
    private final Optional<CommitSigner> signer;

    FolderCommit(ConfigRemote remote, Optional<CommitSigner> signer) {
        this.repository = remote.repository();
        this.signer = signer;
    }

    /** The commit on {@code parent} (none: a root commit); empty when it would leave the parent's tree as it is. */
    Optional<ObjectId> build(
            Optional<ConfigSnapshot> parent,
            Delivery delivery,
            PersonIdent author,
            PersonIdent committer,
            String message)
            throws SigningException {
        try (ObjectInserter inserter = repository.newObjectInserter();
                ObjectReader reader = repository.newObjectReader()) {
            Optional<ObjectId> parentTree =
                    parent.map(tip -> tip.commit().getTree().getId());
            ObjectId tree =
                    new FolderReplacement(reader, inserter).replace(parentTree, delivery.folder(), delivery.files());
            if (parentTree.isPresent() && parentTree.get().equals(tree)) {
                return Optional.empty();
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            parent.ifPresent(tip -> commit.setParentId(tip.commit()));
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
     * Whether {@code proposal} (a merge-request branch's tip) already proposes {@code commit}: the same
     * tree on the same base.
     */
    boolean proposes(ConfigSnapshot proposal, ObjectId commit, Optional<ConfigSnapshot> base) {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(commit)
                            .getTree()
                            .getId()
                            .equals(proposal.commit().getTree().getId())
                    && base.map(tip -> tip.commit().getId()).equals(proposal.firstParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
