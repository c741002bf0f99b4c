package io.slipway.gitops.publish;

import io.slipway.gitops.values.EnvironmentValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One change to an environment's folder in the config repository, ready to deliver.
 *
 * @param folder    {@code apps/<app>/<env>}; replaced whole, nothing outside it touched
 * @param files     the folder's new content, file name to bytes
 * @param summary   first line of the commit message and the merge request title
 * @param evidence  lines of the commit message body and the merge request description (e.g. the
 *                  promotion gates' verdicts); may be empty
 * @param trailers  commit trailers ({@code Source-Commit: …}), in order
 * @param publish   the environment's {@code publish} values: mode, labels, auto-merge, signing
 * @param branch    the target branch ({@code publish.branch} unless overridden)
 * @param dryRun    compute and describe, push nothing
 * @param pipeline  the pipeline that made the change, for the change summary
 * @param replacing what the folder must still hold on the branch for this change to land (a rollback
 *                  replaces one release, never a newer one); empty: whatever it holds
 */
public record Delivery(
        String folder,
        Map<String, byte[]> files,
        String summary,
        List<String> evidence,
        List<String> trailers,
        EnvironmentValues.Publish publish,
        String branch,
        boolean dryRun,
        String pipeline,
        Optional<Map<String, byte[]>> replacing) {

    public Delivery {
        files = Map.copyOf(files);
        replacing = replacing.map(Map::copyOf);
        evidence = List.copyOf(evidence);
        trailers = List.copyOf(trailers);
    }

    public boolean isMergeRequest() {
        return publish.mode() == EnvironmentValues.Publish.Mode.MERGE_REQUEST;
    }

    /** {@code slipway/<app>/<env>}: one branch per folder, so reruns update the same merge request. */
    public String mergeRequestBranch() {
        return "slipway/" + folder.substring("apps/".length());
    }

    /** The same change with evidence lines for the body and trailers added. */
    public Delivery with(List<String> moreEvidence, List<String> moreTrailers) {
        List<String> allEvidence = new ArrayList<>(evidence);
        allEvidence.addAll(moreEvidence);
        List<String> allTrailers = new ArrayList<>(trailers);
        allTrailers.addAll(moreTrailers);
        return new Delivery(
                folder, files, summary, allEvidence, allTrailers, publish, branch, dryRun, pipeline, replacing);
    }

    /** The same change, landing only while the folder holds exactly {@code expected}. */
    public Delivery replacingOnly(Map<String, byte[]> expected) {
        return new Delivery(
                folder, files, summary, evidence, trailers, publish, branch, dryRun, pipeline, Optional.of(expected));
    }

    /** The same change under another summary line (the commit's first line, the merge request's title). */
    public Delivery titled(String newSummary) {
        return new Delivery(
                folder, files, newSummary, evidence, trailers, publish, branch, dryRun, pipeline, replacing);
    }

    /** The same change, its merge request also labelled {@code label}. */
    public Delivery labelled(String label) {
        List<String> labels = new ArrayList<>(publish.mergeRequestLabels());
        labels.add(label);
        EnvironmentValues.Publish labelled = new EnvironmentValues.Publish(
                publish.mode(), publish.branch(), labels, publish.autoMerge(), publish.signing());
        return new Delivery(folder, files, summary, evidence, trailers, labelled, branch, dryRun, pipeline, replacing);
    }

    /**
     * The commit message: the summary line, then the body — {@code changes} (the Markdown change
     * summary), the evidence — then the trailers. GitLab makes the body of a merge request's only
     * commit its description.
     */
    public String message(String changes) {
        return summary + "\n\n" + body(changes) + "\n\n" + String.join("\n", trailers) + "\n";
    }

    /** The commit body without the trailers: the change summary and the evidence. */
    public String body(String changes) {
        return changes + (evidence.isEmpty() ? "" : "\n\n" + String.join("\n", evidence));
    }
}
