package io.slipway.gitops.promote;

import io.slipway.gitops.failure.SlipwayFailure;
import io.slipway.gitops.publish.ConfigRemote;
import io.slipway.gitops.publish.ConfigSnapshot;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.Deliveries.Origin;
import io.slipway.gitops.publish.FolderVerification;
import io.slipway.gitops.publish.PublishFailure;
import io.slipway.gitops.publish.PublishedFolder;
import io.slipway.gitops.publish.Publisher;
import io.slipway.gitops.values.EnvironmentValues;
import io.slipway.gitops.values.ValuesLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Restores an environment's folder as it was at an earlier config-repo commit, as a new commit
 * through the environment's publish mode (never a history rewrite). Only a state that
 * {@code verify} accepts is restored: the files Slipway published, signed where required.
 */
public final class Rollback {

    /** The folder's state to restore, found by {@link #find}: the folder, the commit it is taken from, its files. */
    public record Restoration(String folder, RevCommit commit, Map<String, byte[]> files) {}

    private final Path environments;
    private final EnvironmentValues values;

    private Rollback(Path environments, EnvironmentValues values) {
        this.environments = environments;
        this.values = values;
    }

    /** A rollback of {@code environment}, of the values in {@code environments}. */
    public static Rollback of(Path environments, String environment) throws SlipwayFailure {
        return new Rollback(environments, new ValuesLoader(environments).load(environment));
    }

    /** The config-repository branch the environment's values publish to. */
    public String branch() {
        return values.publish().branch();
    }

    /**
     * The state to restore from {@code branch}: the folder at {@code commit} when given, else as it
     * was {@code steps} changes ago. Refuses (nothing touched) a state that is missing or not what
     * Slipway published.
     */
    public Restoration find(ConfigRemote config, String branch, Optional<String> commit, int steps)
            throws SlipwayFailure {
        String folder = Deliveries.folder(values);
        ConfigSnapshot tip = config.fetch(branch, true)
                .orElseThrow(() -> new PublishFailure(
                        PublishFailure.Kind.INVALID, "branch " + branch + " does not exist in the config repository"));
        ConfigSnapshot restore;
        if (commit.isPresent()) {
            restore = config.at(commit.get());
        } else {
            if (steps < 1) {
                throw new PublishFailure(PublishFailure.Kind.INVALID, "--steps must be at least 1");
            }
            List<ConfigSnapshot> changes = tip.history(folder, steps + 1);
            if (changes.size() <= steps) {
                throw new PublishFailure(
                        PublishFailure.Kind.INVALID,
                        folder + " has only " + changes.size() + " change(s) on " + branch + "; cannot go back "
                                + steps);
            }
            restore = changes.get(steps);
        }
        PublishedFolder state = PublishedFolder.read(restore, folder);
        if (state.isEmpty()) {
            throw new PublishFailure(
                    PublishFailure.Kind.INVALID,
                    folder + " does not exist at " + restore.commit().name());
        }
        state.verified(
                FolderVerification.load(environments),
                problems -> new PromotionRefused(
                        PromotionRefused.Kind.TAMPERED,
                        problems,
                        "rollback refused: " + folder + " at "
                                + restore.shortId()
                                + " does not hold what Slipway published, signed as its environment requires (see"
                                + " verify); nothing was pushed"));
        return new Restoration(folder, restore.commit(), state.files());
    }

    /** Delivers {@code restoration} as a new commit through the environment's publish mode. */
    public Publisher.Outcome deliver(
            Restoration restoration, Publisher publisher, Origin origin, String branch, boolean dryRun)
            throws SlipwayFailure {
        return publisher.deliver(Deliveries.forRollback(
                values, restoration.files(), restoration.commit().name(), origin, branch, dryRun));
    }
}
