package io.slipway.gitops.publish;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The forge that hosts the config repository, as far as a merge request goes: what the push of a
 * proposal branch carries to open or update one, and where it ended up. {@link Publisher}'s
 * delivery loop (fetch, rebuild on the tip, push with a lease, back off) is the same for every
 * forge; a second forge is a new implementation of this.
 */
public interface Forge {

    /**
     * What the push of {@code delivery}'s proposal branch carries (push options, one line each),
     * {@code before} being the folder's files on the target branch and {@code changes} the change summary.
     */
    List<String> proposalOptions(Delivery delivery, Map<String, byte[]> before, String changes);

    /** How a dry run shows one of {@link #proposalOptions}. */
    default String shown(String option) {
        return option;
    }

    /** The merge request's address, from what the remote answered the push; empty when it did not say. */
    Optional<String> proposalUrl(String remoteMessages);
}
