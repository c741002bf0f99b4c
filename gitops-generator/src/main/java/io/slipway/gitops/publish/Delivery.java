package io.slipway.gitops.publish;

import java.util.List;
import java.util.Map;

/**
 * One change to an environment's folder in the config repository, ready to deliver.
 *
 * @param folder    {@code apps/<app>/<env>}; replaced whole, nothing outside it touched
 * @param files     the folder's new content, file name to bytes
 * @param summary   first line of the commit message and the merge request title
 * @param trailers  commit trailers ({@code Source-Commit: …}), in order
 * @param mode      {@code direct} or {@code merge-request}
 * @param branch    the target branch
 * @param labels    merge-request labels
 * @param autoMerge merge-request only: merge when the pipeline succeeds
 * @param dryRun    compute and describe, push nothing
 */
public record Delivery(String folder, Map<String, byte[]> files, String summary, List<String> trailers, String mode,
                       String branch, List<String> labels, boolean autoMerge, boolean dryRun) {

    public static final String DIRECT = "direct";
    public static final String MERGE_REQUEST = "merge-request";

    public Delivery {
        files = Map.copyOf(files);
        trailers = List.copyOf(trailers);
        labels = List.copyOf(labels);
    }

    /** {@code slipway/<app>/<env>}: one branch per folder, so reruns update the same merge request. */
    public String mergeRequestBranch() {
        return "slipway/" + folder.substring("apps/".length());
    }

    public String message() {
        return summary + "\n\n" + String.join("\n", trailers) + "\n";
    }
}
