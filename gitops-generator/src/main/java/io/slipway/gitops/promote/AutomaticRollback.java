package io.slipway.gitops.promote;

import io.slipway.gitops.failure.SlipwayFailure;
import io.slipway.gitops.publish.ConfigSnapshot;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.Deliveries.Origin;
import io.slipway.gitops.publish.Delivery;
import io.slipway.gitops.publish.FolderVerification;
import io.slipway.gitops.publish.Provenance;
import io.slipway.gitops.publish.PublishFailure;
import io.slipway.gitops.publish.PublishedFolder;
import io.slipway.gitops.publish.Publisher;
import io.slipway.gitops.values.EnvironmentValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code watch} does with a regressed release: restores the folder's newest earlier state that
 * {@code verify} accepts and that runs another digest, as a new signed commit through the
 * environment's publish mode (a merge request labelled {@code rollback}, or a direct push), with the
 * failed gates and both digests in its summary and trailers ({@code Rollback-Of:},
 * {@code Rollback-Reason:}). It lands only while the folder still holds the regressed release, so a
 * newer release published meanwhile is never rolled back over; and a release that is itself a
 * rollback is never rolled back again.
 */
public final class AutomaticRollback {

    /** The merge-request label a reviewer sees a rollback by. */
    public static final String LABEL = "rollback";

    /** Trailers that mark a commit as a rollback (automatic, or by the {@code rollback} command). */
    private static final List<String> ROLLBACK_TRAILERS = List.of("Rollback-Of", "Rollback-To");

    /** A state to restore, or the reason there is none. */
    public record Choice(Optional<Rollback.Restoration> restoration, String reason) {}

    private final Path environments;
    private final EnvironmentValues values;

    public AutomaticRollback(Path environments, EnvironmentValues values) {
        this.environments = environments;
        this.values = values;
    }

    /** The state to restore for {@code regressed}; none when it is itself a rollback or no earlier state verifies. */
    public Choice choose(ReleaseWatch.Release regressed) throws SlipwayFailure {
        for (String trailer : ROLLBACK_TRAILERS) {
            List<String> of = regressed.change().commit().getFooterLines(trailer);
            if (!of.isEmpty()) {
                return new Choice(
                        Optional.empty(),
                        regressed.folder() + " at " + regressed.change().shortId() + " is itself a rollback (" + trailer
                                + ": " + of.get(0) + "): not rolled back again; a person decides what runs next");
            }
        }
        FolderVerification verification = FolderVerification.load(environments);
        List<ConfigSnapshot> changes = regressed.change().history(regressed.folder(), ReleaseWatch.HISTORY);
        int unverified = 0;
        for (ConfigSnapshot earlier : changes.subList(Math.min(1, changes.size()), changes.size())) {
            PublishedFolder state;
            try {
                state = PublishedFolder.read(earlier, regressed.folder());
            } catch (PublishFailure e) {
                if (e.kind() != PublishFailure.Kind.FOREIGN) {
                    throw e;
                }
                unverified++; // a state holding a file Slipway never writes is no state to restore
                continue;
            }
            if (!state.isPublished()) {
                continue;
            }
            if (!state.problems(verification).isEmpty()) {
                unverified++;
                continue;
            }
            if (!state.provenance().digest().equals(regressed.digest())) {
                return new Choice(
                        Optional.of(new Rollback.Restoration(regressed.folder(), earlier.commit(), state.files())),
                        unverified == 0 ? "" : unverified + " newer state(s) that do not verify passed over");
            }
        }
        return new Choice(
                Optional.empty(),
                "no earlier state of " + regressed.folder() + " in its last " + ReleaseWatch.HISTORY
                        + " changes verifies and runs another digest: nothing to restore; a person decides");
    }

    /** Delivers {@code restoration} in place of {@code regressed}, with {@code verdict} as the evidence. */
    public Publisher.Outcome deliver(
            Rollback.Restoration restoration,
            ReleaseWatch.Release regressed,
            Verdict verdict,
            Publisher publisher,
            Origin origin,
            String branch,
            boolean dryRun)
            throws SlipwayFailure {
        Provenance restored = Provenance.fromJson(restoration.files().get(Provenance.FILE));
        String reason = String.join("; ", verdict.regressions());
        List<String> evidence = new ArrayList<>(List.of(
                "Automatic rollback: " + values.environment() + " regressed on " + regressed.digest() + " ("
                        + regressed.provenance().image() + ", published in "
                        + regressed.change().shortId() + ").",
                "Restored: " + restored.digest() + " (" + restored.image() + "), the folder as of "
                        + restoration.commit().abbreviate(12).name() + ", the newest earlier state that verifies.",
                "",
                "Gates, measured in " + values.environment() + " (" + values.namespace() + "):"));
        evidence.addAll(verdict.evidence());
        Delivery delivery = Deliveries.forRollback(
                        values, restoration.files(), restoration.commit().name(), origin, branch, dryRun)
                .with(
                        evidence,
                        List.of("Rollback-Of: " + regressed.change().commit().name(), "Rollback-Reason: " + reason))
                .titled(values.appName() + "/" + values.environment() + ": roll back "
                        + regressed.shortDigest() + " to " + ReleaseWatch.shortened(restored.digest()) + " (" + reason
                        + ")")
                .labelled(LABEL);
        return regressed.published().save(delivery, publisher);
    }
}
