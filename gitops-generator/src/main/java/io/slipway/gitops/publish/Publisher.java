package io.slipway.gitops.publish;

import io.slipway.gitops.FolderDiff;
import io.slipway.gitops.Secrets;
import io.slipway.gitops.signing.CommitSigner;
import io.slipway.gitops.signing.SigningException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Delivers a folder change to the config repository. Direct mode pushes to the target branch;
 * merge-request mode pushes {@code slipway/<app>/<env>} with what the {@link Forge} needs to open or
 * update the merge request (GitLab: push options) and never touches
 * the target branch. Never force-pushes a shared branch: when the branch moved, it fetches the new
 * tip, rebuilds this folder's commit on it (the folder is owned by this delivery, so there is
 * nothing to merge) and tries again, with jittered backoff, so every other pipeline's commit survives.
 */
public final class Publisher {

    /**
     * How a delivery ended.
     *
     * @param preview for a dry run, the diff of what would change (printed before the message); empty otherwise
     */
    public record Outcome(boolean changed, String message, Optional<ObjectId> commit, String preview) {

        /** What a person reads: a dry run's diff, then the one-line result. */
        public void printTo(PrintWriter out) {
            out.print(preview);
            out.println(message);
        }
    }

    static final int MAX_ATTEMPTS = 10;
    private static final PersonIdent COMMITTER_TEMPLATE =
            new PersonIdent("Slipway gitops-generator", "gitops-generator@slipway.invalid");

    private final ConfigRemote remote;
    private final FolderCommit commits;
    private final PersonIdent author;
    private final Optional<CommitSigner> signer;
    private final Secrets secrets;
    private final Forge forge;

    /**
     * @param signer  signs every commit when present; required for an environment with {@code publish.signing}
     * @param secrets masked in every commit message and merge request this writes
     * @param forge   how a merge request is proposed to the forge hosting the repository
     */
    public Publisher(
            ConfigRemote remote, PersonIdent author, Optional<CommitSigner> signer, Secrets secrets, Forge forge) {
        this.remote = remote;
        this.commits = new FolderCommit(remote, signer);
        this.author = author;
        this.signer = signer;
        this.secrets = secrets;
        this.forge = forge;
    }

    public Outcome deliver(Delivery delivery) throws PublishFailure {
        if (delivery.publish().signing() && signer.isEmpty() && !delivery.dryRun()) {
            throw new PublishFailure(
                    PublishFailure.Kind.SIGNING,
                    delivery.folder() + ": publish.signing is on for this "
                            + "environment and no signing key is configured: set SLIPWAY_SIGNING_KEY (see "
                            + "docs/generator/signing.md); nothing was pushed");
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<ConfigSnapshot> tip = remote.fetch(delivery.branch(), false);
            requireOwnFolder(delivery, tip);
            requireReplacing(delivery, tip);
            if (tip.isPresent() && tip.get().holds(delivery.folder(), delivery.files())) {
                return upToDate(delivery);
            }
            Optional<Change> change = change(delivery, tip);
            if (change.isEmpty()) {
                return upToDate(delivery);
            }
            Optional<Outcome> outcome = delivery.isMergeRequest()
                    ? proposeMergeRequest(delivery, change.get())
                    : pushDirect(delivery, change.get());
            if (outcome.isPresent()) {
                return outcome.get();
            }
            backoff(attempt); // the branch moved under us: rebuild on its new tip
        }
        throw new PublishFailure(
                PublishFailure.Kind.REJECTED,
                delivery.branch() + " kept moving: gave up after " + MAX_ATTEMPTS + " attempts; nothing was pushed");
    }

    /**
     * Refuses to replace a folder that holds what Slipway never writes (a link, a submodule, a nested
     * folder, a file where the folder belongs, no provenance): that is someone else's, and a publish
     * replaces only its own. A regular file edited by hand in Slipway's folder is put back, as verify
     * reports it.
     */
    private static void requireOwnFolder(Delivery delivery, Optional<ConfigSnapshot> tip) throws PublishFailure {
        List<String> foreign = tip.map(t -> t.foreignEntries(delivery.folder())).orElse(List.of());
        if (!foreign.isEmpty()) {
            throw new PublishFailure(
                    PublishFailure.Kind.FOREIGN,
                    foreign,
                    delivery.folder() + " on " + delivery.branch() + " at "
                            + tip.get().shortId()
                            + " holds what Slipway did not write (above), so it is not Slipway's to replace: remove"
                            + " it from the config repository by hand, then publish again; nothing was pushed",
                    null);
        }
    }

    /** Refuses a delivery whose folder no longer holds what it was to replace (checked again on every attempt). */
    private static void requireReplacing(Delivery delivery, Optional<ConfigSnapshot> tip) throws PublishFailure {
        if (delivery.replacing().isPresent()
                && (tip.isEmpty()
                        || !tip.get()
                                .holds(delivery.folder(), delivery.replacing().get()))) {
            throw new PublishFailure(
                    PublishFailure.Kind.SUPERSEDED,
                    delivery.folder() + " on " + delivery.branch() + " changed since it was read"
                            + tip.map(t -> " (now at " + t.shortId() + ")").orElse("")
                            + ": someone published after it; not replacing their change, nothing was pushed");
        }
    }

    /** A commit built for a delivery on the branch's tip, with what it changes (the line diff for dry runs only). */
    private record Change(
            ObjectId commit, Optional<ConfigSnapshot> base, Map<String, byte[]> before, String summary, String diff) {}

    /** The commit that puts the delivery's folder on {@code tip}; empty when it would change nothing. */
    private Optional<Change> change(Delivery delivery, Optional<ConfigSnapshot> tip) throws PublishFailure {
        // Only now the old files: the summary, diff and push options need them, a no-op publish does not.
        Map<String, byte[]> before = tip.isPresent() ? tip.get().readFolder(delivery.folder()) : Map.of();
        String summary = ChangeSummary.of(before, delivery.files(), origin(delivery, before));
        Instant now = Instant.now();
        return commit(tip, delivery, new PersonIdent(author, now), new PersonIdent(COMMITTER_TEMPLATE, now), summary)
                .map(commit -> new Change(
                        commit,
                        tip,
                        before,
                        summary,
                        delivery.dryRun() ? diff(delivery.folder(), before, delivery.files()) : ""));
    }

    /** Direct mode: the commit onto the target branch. Empty when the branch moved first. */
    private Optional<Outcome> pushDirect(Delivery delivery, Change change) throws PublishFailure {
        String ref = "refs/heads/" + delivery.branch();
        if (delivery.dryRun()) {
            return Optional.of(dryRun(delivery, change, ref, List.of()));
        }
        stopIfInterrupted();
        ConfigRemote.PushReply reply = remote.push(change.commit(), ref, Optional.empty(), List.of());
        return landed(reply, ref)
                .map(pushed -> new Outcome(
                        true,
                        "pushed " + change.commit().abbreviate(12).name() + " to " + delivery.branch() + " ("
                                + delivery.summary() + ")" + signedBy(),
                        Optional.of(change.commit()),
                        ""));
    }

    /**
     * Merge-request mode: the commit onto Slipway's own branch, moved only from the tip fetched (a
     * lease), with the push options that open or update the merge request. Empty when the target
     * branch or ours moved first.
     */
    private Optional<Outcome> proposeMergeRequest(Delivery delivery, Change change) throws PublishFailure {
        String ref = "refs/heads/" + delivery.mergeRequestBranch();
        Optional<ConfigSnapshot> proposed = remote.fetch(delivery.mergeRequestBranch(), false);
        // Already proposed only when the branch holds this folder on the target's current tip: after
        // the target moved (a hand edit, another release) the same folder is rebuilt on the new tip.
        if (proposed.isPresent() && commits.proposes(proposed.get(), change.commit(), change.base())) {
            return Optional.of(new Outcome(
                    false,
                    delivery.folder() + ": merge request branch " + delivery.mergeRequestBranch()
                            + " already proposes this change; nothing to push",
                    Optional.empty(),
                    change.diff()));
        }
        List<String> options = forge.proposalOptions(delivery, change.before(), change.summary()).stream()
                .map(secrets::redact)
                .toList();
        if (delivery.dryRun()) {
            return Optional.of(dryRun(delivery, change, ref, options));
        }
        stopIfInterrupted();
        ObjectId lease = proposed.map(branch -> branch.commit().getId()).orElse(ObjectId.zeroId());
        ConfigRemote.PushReply reply = remote.push(change.commit(), ref, Optional.of(lease), options);
        return landed(reply, ref)
                .map(pushed -> new Outcome(
                        true,
                        "pushed " + delivery.mergeRequestBranch()
                                + "; merge request into " + delivery.branch() + ": "
                                + forge.proposalUrl(reply.remoteMessages()).orElse("see the project's merge requests")
                                + " (" + delivery.summary() + ")" + signedBy(),
                        Optional.of(change.commit()),
                        ""));
    }

    /**
     * What a dry run shows: the commit message it would write (the change summary a reviewer reads,
     * the evidence, the trailers), the line diff, then what would be pushed, one push option a line
     * (the description is that message's body), and any note last.
     */
    private Outcome dryRun(Delivery delivery, Change change, String ref, List<String> pushOptions) {
        StringBuilder message = new StringBuilder("dry run: would push ")
                .append(change.commit().abbreviate(12).name())
                .append(" to ")
                .append(ref)
                .append(signedBy());
        for (String option : pushOptions) {
            message.append("\n  push option ").append(forge.shown(option));
        }
        if (signer.isEmpty() && delivery.publish().signing()) {
            message.append("\nnote: unsigned here: publish.signing needs SLIPWAY_SIGNING_KEY to push");
        }
        return new Outcome(
                true,
                message.toString(),
                Optional.of(change.commit()),
                delivery.message(change.summary()) + "\n" + change.diff());
    }

    /** The push landed (present), lost a race to another push (empty), or was refused (thrown). */
    private static Optional<ConfigRemote.PushReply> landed(ConfigRemote.PushReply reply, String ref)
            throws PublishFailure {
        return switch (reply.status()) {
            case OK, UP_TO_DATE -> Optional.of(reply);
            case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> Optional.empty();
            default ->
                throw new PublishFailure(PublishFailure.Kind.REJECTED, "push to " + ref + " failed: " + reply.status());
        };
    }

    private Optional<ObjectId> commit(
            Optional<ConfigSnapshot> tip, Delivery delivery, PersonIdent author, PersonIdent committer, String changes)
            throws PublishFailure {
        try {
            return commits.build(tip, delivery, author, committer, secrets.redact(delivery.message(changes)));
        } catch (SigningException e) {
            throw new PublishFailure(PublishFailure.Kind.SIGNING, e.getMessage() + "; nothing was pushed", e);
        }
    }

    private String signedBy() {
        return signer.map(s -> ", signed with the " + s.description()).orElse("");
    }

    private static Outcome upToDate(Delivery delivery) {
        return new Outcome(
                false,
                delivery.folder() + ": up to date on " + delivery.branch() + "; nothing to push",
                Optional.empty(),
                "");
    }

    /** What the change summary says of where the change came from: the folder's provenance, before and after. */
    private static ChangeSummary.Origin origin(Delivery delivery, Map<String, byte[]> before) {
        Provenance now = Provenance.fromJson(delivery.files().get(Provenance.FILE));
        Optional<String> previous = Optional.empty();
        if (before.containsKey(Provenance.FILE)) {
            try {
                previous = Optional.of(
                        Provenance.fromJson(before.get(Provenance.FILE)).sourceCommit());
            } catch (IllegalArgumentException e) {
                // a provenance edited by hand: no range to link
            }
        }
        return new ChangeSummary.Origin(
                now.sourceRepository(), previous, now.sourceCommit(), delivery.pipeline(), now.generatorVersion());
    }

    static String diff(String folder, Map<String, byte[]> before, Map<String, byte[]> after) {
        return FolderDiff.of(folder, text(before), text(after)).text();
    }

    private static Map<String, String> text(Map<String, byte[]> files) {
        Map<String, String> text = new TreeMap<>();
        files.forEach((name, bytes) -> text.put(name, new String(bytes, StandardCharsets.UTF_8)));
        return text;
    }

    /** A command past its deadline is interrupted: from then on it pushes nothing. */
    private static void stopIfInterrupted() throws PublishFailure {
        if (Thread.currentThread().isInterrupted()) {
            throw new PublishFailure(
                    PublishFailure.Kind.REMOTE, "the command's deadline passed before the push; nothing was pushed");
        }
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
