package io.slipway.gitops.promote;

import io.slipway.gitops.failure.SlipwayFailure;
import io.slipway.gitops.publish.ConfigRemote;
import io.slipway.gitops.publish.Deliveries.Origin;
import io.slipway.gitops.publish.Provenance;
import io.slipway.gitops.publish.Publisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code promote} from the request to its conclusion: the target's windows (unless only the gates
 * are asked for), the source's evidence, the gates' table, and the delivery. Every decision is
 * here; the command parses, runs this and prints what it says.
 */
public final class PromotionWorkflow {

    /**
     * How to promote.
     *
     * @param gatesOnly      evaluate and print the gates, deliver nothing (the windows do not apply)
     * @param windowOverride the reason to promote outside the target's windows, recorded in the commit
     * @param artifactFile   where to write the promoted artifact (a GitLab dotenv report) once the gates pass
     */
    public record Request(
            String branch,
            boolean gatesOnly,
            Instant now,
            Optional<String> windowOverride,
            Optional<Path> artifactFile,
            Origin origin,
            boolean dryRun) {}

    /**
     * How it ended.
     *
     * @param tested    the artifact the source runs, the one promoted
     * @param delivered the delivery's outcome; empty for {@code gatesOnly}
     */
    public record Result(Provenance tested, Optional<Publisher.Outcome> delivered) {}

    private final Promotion promotion;
    private final String from;

    public PromotionWorkflow(Promotion promotion, String from) {
        this.promotion = promotion;
        this.from = from;
    }

    /** Runs the promotion through {@code config}; {@code out} hears the gates' table before anything is pushed. */
    public Result run(Request request, ConfigRemote config, PublisherSource publisher, Consumer<String> out)
            throws SlipwayFailure, IOException {
        // Before anything is fetched: a frozen environment is refused in one line, at once.
        Promotion allowed =
                request.gatesOnly() ? promotion : promotion.inWindow(request.now(), request.windowOverride());
        Promotion.Checked checked = allowed.check(config, request.branch());
        checked.verdict().ifPresent(verdict -> {
            out.accept("promotion gates for " + checked.tested().digest() + " in " + from + " ("
                    + checked.sourceNamespace() + "), thresholds of " + promotion.target() + ":");
            verdict.table().lines().forEach(out);
        });
        checked.requirePassed();
        Provenance tested = checked.tested();
        if (request.gatesOnly()) {
            return new Result(tested, Optional.empty());
        }
        if (request.artifactFile().isPresent()) {
            // Before delivering: with --dry-run, CI tags this image before the promotion is pushed.
            Files.writeString(
                    request.artifactFile().get(),
                    "IMAGE_REF=" + tested.image() + "\nIMAGE_DIGEST=" + tested.digest() + "\nSOURCE_COMMIT="
                            + tested.sourceCommit() + "\n",
                    StandardCharsets.UTF_8);
        }
        return new Result(
                tested,
                Optional.of(checked.deliver(publisher.open(), request.origin(), request.branch(), request.dryRun())));
    }
}
