package io.slipway.gitops.publish;

import io.slipway.gitops.FolderDiff;
import io.slipway.gitops.signing.CommitSigner;
import io.slipway.gitops.signing.SigningException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Delivers a folder change to the config repository. Direct mode pushes to the target branch;
 * merge-request mode pushes {@code slipway/<app>/<env>} with GitLab push options and never touches
 * the target branch. Never force-pushes a shared branch: when the branch moved, it fetches the new
 * tip, rebuilds this folder's commit on it (the folder is owned by this delivery, so there is
 * nothing to merge) and tries again, with jittered backoff, so every other pipeline's commit survives.
 */
public final class Publisher {

    /** How a delivery ended. */
    public record Outcome(boolean changed, String message, Optional<ObjectId> commit, String diff) {
    }

    static final int MAX_ATTEMPTS = 10;
    private static final java.util.regex.Pattern MERGE_REQUEST_URL =
            java.util.regex.Pattern.compile("https?://\\S+/-/merge_requests/\\d+");
    private static final PersonIdent COMMITTER_TEMPLATE =
            new PersonIdent("Slipway gitops-generator", "gitops-generator@slipway.invalid");

    private final ConfigRepository repository;
    private final PersonIdent author;
    private final Optional<CommitSigner> signer;

    /** @param signer signs every commit when present; required for an environment with {@code publish.signing} */
    public Publisher(ConfigRepository repository, PersonIdent author, Optional<CommitSigner> signer) {
        this.repository = repository;
        this.author = author;
        this.signer = signer;
    }

    public Outcome deliver(Delivery delivery) throws PublishFailure {
        boolean mergeRequest = Delivery.MERGE_REQUEST.equals(delivery.mode());
        if (delivery.signingRequired() && signer.isEmpty() && !delivery.dryRun()) {
            throw new PublishFailure(PublishFailure.Kind.SIGNING, delivery.folder() + ": publish.signing is on for this "
                    + "environment and no signing key is configured: set SLIPWAY_SIGNING_KEY (see the README, "
                    + "\"Signed commits\"); nothing was pushed");
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<RevCommit> tip = repository.fetch(delivery.branch(), false);
            PersonIdent now = new PersonIdent(author, new java.util.Date());
            PersonIdent committer = new PersonIdent(COMMITTER_TEMPLATE, new java.util.Date());
            if (tip.isPresent() && repository.holds(tip.get(), delivery.folder(), delivery.files())) {
                return upToDate(delivery);
            }
            // Only now the old files: the summary, diff and push options need them, a no-op publish does not.
            Map<String, byte[]> before = tip.isPresent() ? repository.readFolder(tip.get(), delivery.folder()) : Map.of();
            String changes = ChangeSummary.of(before, delivery.files(), origin(delivery, before));
            Optional<ObjectId> commit = commit(tip, delivery, now, committer, changes);
            if (commit.isEmpty()) {
                return upToDate(delivery);
            }
            String diff = diff(delivery.folder(), before, delivery.files());
            String ref = "refs/heads/" + (mergeRequest ? delivery.mergeRequestBranch() : delivery.branch());
            Optional<RevCommit> mergeRequestTip = mergeRequest
                    ? repository.fetch(delivery.mergeRequestBranch(), false) : Optional.empty();
            if (mergeRequestTip.isPresent() && sameTree(mergeRequestTip.get(), commit.get())) {
                return new Outcome(false, delivery.folder() + ": merge request branch " + delivery.mergeRequestBranch()
                        + " already proposes this change; nothing to push", Optional.empty(), diff);
            }
            if (delivery.dryRun()) {
                return new Outcome(true, "dry run: would push " + commit.get().abbreviate(12).name() + " to " + ref
                        + (mergeRequest ? " with merge request push options " + pushOptions(delivery, before, changes) : "")
                        + (signer.isEmpty() && delivery.signingRequired()
                                ? "; unsigned here: publish.signing needs SLIPWAY_SIGNING_KEY to push" : signedBy()),
                        commit, diff);
            }
            ConfigRepository.PushReply reply = mergeRequest
                    ? repository.push(commit.get(), ref, Optional.of(mergeRequestTip.map(RevCommit::getId).orElse(ObjectId.zeroId())),
                            pushOptions(delivery, before, changes))
                    : repository.push(commit.get(), ref, Optional.empty(), List.of());
            switch (reply.status()) {
                case OK, UP_TO_DATE -> {
                    return new Outcome(true, (mergeRequest
                            ? "pushed " + delivery.mergeRequestBranch() + "; merge request into " + delivery.branch() + ": "
                            + mergeRequestUrl(reply.remoteMessages()).orElse("see the project's merge requests")
                            : "pushed " + commit.get().abbreviate(12).name() + " to " + delivery.branch())
                            + " (" + delivery.summary() + ")" + signedBy(), commit, diff);
                }
                case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> backoff(attempt);
                default -> throw new PublishFailure(PublishFailure.Kind.REJECTED, "push to " + ref + " failed: " + reply.status());
            }
        }
        throw new PublishFailure(PublishFailure.Kind.REJECTED, delivery.branch() + " kept moving: gave up after "
                + MAX_ATTEMPTS + " attempts; nothing was pushed");
    }

    private Optional<ObjectId> commit(Optional<RevCommit> tip, Delivery delivery, PersonIdent author,
                                      PersonIdent committer, String changes) throws PublishFailure {
        try {
            return repository.commitFolder(tip, delivery.folder(), delivery.files(), author, committer,
                    delivery.message(changes), signer);
        } catch (SigningException e) {
            throw new PublishFailure(PublishFailure.Kind.SIGNING, e.getMessage() + "; nothing was pushed", e);
        }
    }

    private String signedBy() {
        return signer.map(s -> ", signed with the " + s.description()).orElse("");
    }

    private static Outcome upToDate(Delivery delivery) {
        return new Outcome(false, delivery.folder() + ": up to date on " + delivery.branch() + "; nothing to push",
                Optional.empty(), "");
    }

    /** GitLab answers a push with merge request options with the merge request's URL. */
    static Optional<String> mergeRequestUrl(String remoteMessages) {
        java.util.regex.Matcher url = MERGE_REQUEST_URL.matcher(remoteMessages);
        return url.find() ? Optional.of(url.group()) : Optional.empty();
    }

    private boolean sameTree(RevCommit existing, ObjectId candidate) {
        return repository.treeOf(candidate).equals(existing.getTree().getId());
    }

    /** What the change summary says of where the change came from: the folder's provenance, before and after. */
    private static ChangeSummary.Origin origin(Delivery delivery, Map<String, byte[]> before) {
        Provenance now = Provenance.fromJson(delivery.files().get(Provenance.FILE));
        Optional<String> previous = Optional.empty();
        if (before.containsKey(Provenance.FILE)) {
            try {
                previous = Optional.of(Provenance.fromJson(before.get(Provenance.FILE)).sourceCommit());
            } catch (IllegalArgumentException e) {
                // a provenance edited by hand: no range to link
            }
        }
        return new ChangeSummary.Origin(now.sourceRepository(), previous, now.sourceCommit(), delivery.pipeline(),
                now.generatorVersion());
    }

    /**
     * GitLab push options; values are single lines, as the protocol requires. The description is
     * the commit body with each newline written as the two characters {@code \n}, which GitLab's
     * push options handler turns back into newlines, so the merge request shows the whole change
     * summary on creation and on every later push (without the option GitLab would take the
     * body of a one-commit branch on creation only).
     */
    static List<String> pushOptions(Delivery delivery, Map<String, byte[]> before, String changes) {
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(delivery.files().keySet());
        TreeSet<String> changed = new TreeSet<>();
        for (String name : names) {
            byte[] old = before.get(name);
            byte[] now = delivery.files().get(name);
            if (old == null || now == null || !java.util.Arrays.equals(old, now)) {
                changed.add(name);
            }
        }
        List<String> options = new ArrayList<>(List.of(
                "merge_request.create",
                "merge_request.target=" + delivery.branch(),
                "merge_request.title=" + delivery.summary(),
                "merge_request.description=" + (delivery.body(changes) + "\n\n" + String.join("\n", delivery.trailers())
                        + "\n\nFiles changed: " + String.join(", ", changed)).replace("\r", "").replace("\n", "\\n"),
                "merge_request.remove_source_branch"));
        delivery.labels().forEach(label -> options.add("merge_request.label=" + label));
        if (delivery.autoMerge()) {
            options.add("merge_request.auto_merge");
        }
        return options.stream().map(o -> o.replaceAll("[\\r\\n]+", " ")).toList();
    }

    static String diff(String folder, Map<String, byte[]> before, Map<String, byte[]> after) {
        return FolderDiff.of(folder, text(before), text(after)).text();
    }

    private static Map<String, String> text(Map<String, byte[]> files) {
        Map<String, String> text = new java.util.TreeMap<>();
        files.forEach((name, bytes) -> text.put(name, new String(bytes, StandardCharsets.UTF_8)));
        return text;
    }

    private static void backoff(int attempt) throws PublishFailure {
        long ceiling = Math.min(2000, 50L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailure(PublishFailure.Kind.REJECTED, "interrupted while retrying the push");
        }
    }
}
