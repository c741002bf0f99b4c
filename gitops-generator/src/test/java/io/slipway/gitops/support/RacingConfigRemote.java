package io.slipway.gitops.support;

import io.slipway.gitops.publish.ConfigRemote;
import io.slipway.gitops.publish.ConfigSnapshot;
import io.slipway.gitops.publish.PublishFailure;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * A config remote that someone else pushes to just before this one's first push: the race a
 * publish, a promotion or a rollback must lose safely.
 */
public final class RacingConfigRemote implements ConfigRemote {

    private final ConfigRemote remote;
    private Runnable beforeFirstPush;
    private int pushes;

    public RacingConfigRemote(ConfigRemote remote, Runnable beforeFirstPush) {
        this.remote = remote;
        this.beforeFirstPush = beforeFirstPush;
    }

    /** How many pushes were attempted. */
    public int pushes() {
        return pushes;
    }

    @Override
    public Optional<ConfigSnapshot> fetch(String branch, boolean full) throws PublishFailure {
        return remote.fetch(branch, full);
    }

    @Override
    public ConfigSnapshot at(String revision) throws PublishFailure {
        return remote.at(revision);
    }

    @Override
    public PushReply push(ObjectId commit, String ref, Optional<ObjectId> lease, List<String> pushOptions)
            throws PublishFailure {
        if (pushes++ == 0) {
            beforeFirstPush.run();
        }
        return remote.push(commit, ref, lease, pushOptions);
    }

    @Override
    public Repository repository() {
        return remote.repository();
    }

    @Override
    public void fetchBlobs(Collection<ObjectId> ids) throws PublishFailure, IOException {
        remote.fetchBlobs(ids);
    }

    @Override
    public void close() {
        remote.close();
    }
}
