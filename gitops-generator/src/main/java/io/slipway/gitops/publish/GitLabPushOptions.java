package io.slipway.gitops.publish;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GitLab: a merge request is opened or updated by push options on the proposal branch's push. */
public final class GitLabPushOptions implements Forge {

    private static final Pattern MERGE_REQUEST_URL = Pattern.compile("https?://\\S+/-/merge_requests/\\d+");
    private static final String DESCRIPTION = "merge_request.description=";

    /**
     * Values are single lines, as the protocol requires. The description is the commit body with
     * each newline written as the two characters {@code \n}, which GitLab's push options handler
     * turns back into newlines, so the merge request shows the whole change summary on creation and
     * on every later push (without the option GitLab would take the body of a one-commit branch on
     * creation only).
     */
    @Override
    public List<String> proposalOptions(Delivery delivery, Map<String, byte[]> before, String changes) {
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(delivery.files().keySet());
        TreeSet<String> changed = new TreeSet<>();
        for (String name : names) {
            byte[] old = before.get(name);
            byte[] now = delivery.files().get(name);
            if (old == null || now == null || !Arrays.equals(old, now)) {
                changed.add(name);
            }
        }
        List<String> options = new ArrayList<>(List.of(
                "merge_request.create",
                "merge_request.target=" + delivery.branch(),
                "merge_request.title=" + delivery.summary(),
                DESCRIPTION
                        + (delivery.body(changes) + "\n\n" + String.join("\n", delivery.trailers())
                                        + "\n\nFiles changed: " + String.join(", ", changed))
                                .replace("\r", "")
                                .replace("\n", "\\n"),
                "merge_request.remove_source_branch"));
        delivery.publish().mergeRequestLabels().forEach(label -> options.add("merge_request.label=" + label));
        if (delivery.publish().autoMerge()) {
            options.add("merge_request.auto_merge");
        }
        return options.stream().map(o -> o.replaceAll("[\\r\\n]+", " ")).toList();
    }

    /** The description is the commit message a dry run prints above. */
    @Override
    public String shown(String option) {
        return option.startsWith(DESCRIPTION) ? DESCRIPTION + "(the commit message above)" : option;
    }

    /** GitLab answers a push with merge request options with the merge request's URL. */
    @Override
    public Optional<String> proposalUrl(String remoteMessages) {
        Matcher url = MERGE_REQUEST_URL.matcher(remoteMessages);
        return url.find() ? Optional.of(url.group()) : Optional.empty();
    }
}
