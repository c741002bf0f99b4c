package io.slipway.gitops.promote;

import io.slipway.gitops.Generator;
import io.slipway.gitops.TerminalText;
import io.slipway.gitops.failure.SlipwayFailure;
import io.slipway.gitops.publish.ConfigRemote;
import io.slipway.gitops.publish.ConfigSnapshot;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.Deliveries.Origin;
import io.slipway.gitops.publish.Delivery;
import io.slipway.gitops.publish.FolderVerification;
import io.slipway.gitops.publish.Provenance;
import io.slipway.gitops.publish.PublishFailure;
import io.slipway.gitops.publish.PublishedFolder;
import io.slipway.gitops.publish.Publisher;
import io.slipway.gitops.render.ImageReference;
import io.slipway.gitops.values.EnvironmentValues;
import io.slipway.gitops.values.ValuesLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A config change released on its own: the environment's folder re-rendered from the values as they
 * are now and the image its folder runs now — the digest and source commit read from its
 * {@code .slipway.json}, after the folder passed {@code verify} — delivered through the environment's
 * own publish mode, inside its promotion windows or with an override. Nothing else moves: no new
 * image, no other environment's digest. It lands only while the folder still holds what was read,
 * so a release published meanwhile is never replaced by the old image. When the values change
 * nothing the folder holds, it says so and needs no window: CI can run it on every push to main.
 */
public final class ConfigRelease {

    private final Path environments;
    private final EnvironmentValues values;
    private final Instant now;
    private final Optional<String> override;

    private ConfigRelease(Path environments, EnvironmentValues values, Instant now, Optional<String> override) {
        this.environments = environments;
        this.values = values;
        this.now = now;
        this.override = override;
    }

    /**
     * A config release of {@code environment} at {@code now}: a change it would make must be allowed
     * by the promotion windows or by {@code override} (the reason the commit records), or it is
     * refused (exit 12).
     */
    public static ConfigRelease of(Path environments, String environment, Instant now, Optional<String> override)
            throws SlipwayFailure {
        return new ConfigRelease(environments, new ValuesLoader(environments).load(environment), now, override);
    }

    /** The config-repository branch the environment's values publish to. */
    public String branch() {
        return values.publish().branch();
    }

    /**
     * Reads the folder on {@code branch} (refused when missing, not what Slipway published, or not
     * pinned by digest), renders the values with its image and delivers the result through
     * {@code publisher}; {@code valuesCommit} is the source commit the values were read at.
     */
    public Publisher.Outcome deliver(
            ConfigRemote config, Publisher publisher, Origin origin, String branch, String valuesCommit, boolean dryRun)
            throws SlipwayFailure {
        String folder = Deliveries.folder(values);
        ConfigSnapshot tip = config.fetch(branch, true)
                .orElseThrow(() -> new PublishFailure(
                        PublishFailure.Kind.INVALID, "branch " + branch + " does not exist in the config repository"));
        PublishedFolder published = PublishedFolder.read(tip, folder);
        if (!published.isPublished()) {
            throw new PublishFailure(
                    PublishFailure.Kind.INVALID,
                    folder + " is not published on " + branch + ": a config release keeps the image the folder runs,"
                            + " and it runs none; publish or promote a release first");
        }
        published.verified(
                FolderVerification.load(environments),
                problems -> new PromotionRefused(
                        PromotionRefused.Kind.TAMPERED,
                        problems,
                        "reconfigure refused: " + folder + " does not hold what Slipway published, signed as its"
                                + " environment requires (see verify), so what it runs is not known; nothing was"
                                + " pushed"));
        published.pinnedDigest(running -> folder + " runs " + running.image() + ", which is not pinned by digest: a"
                + " config release cannot keep an image it cannot name; publish a release by digest first");
        Provenance running = published.provenance();
        requireSameRepository(running);
        Generator.Release release =
                new Generator(environments).render(values.environment(), running.image(), running.sourceCommit());
        Delivery delivery = Deliveries.forConfigChange(release, running, origin, branch, valuesCommit, dryRun);
        if (!tip.holds(folder, delivery.files())) {
            WindowPermit permit = WindowPermit.check("reconfigure", values, now, override);
            delivery = delivery.with(permit.evidence(), permit.trailers());
        }
        return published.save(delivery, publisher);
    }

    /** An image change is a release, never a config change: the values must name the repository the folder runs. */
    private void requireSameRepository(Provenance running) throws PublishFailure {
        String repository = ImageReference.parse(running.image()).repository();
        if (!repository.equals(values.imageRepository())) {
            throw new PublishFailure(
                    PublishFailure.Kind.INVALID,
                    "reconfigure refused: image.repository is " + TerminalText.visible(values.imageRepository())
                            + " in the values, and " + values.environment() + " runs " + running.image()
                            + ": a config release keeps the image; a new image is a release (publish, promote);"
                            + " nothing was pushed");
        }
    }
}
