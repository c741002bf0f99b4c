package io.slipway.gitops.support;

import io.slipway.gitops.signing.SigningFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** The project's values with production as the watch tests run it. */
public final class WatchedEnvironments {

    private WatchedEnvironments() {}

    /**
     * A copy in {@code folder} trusting the test signing key, with production on two pods, direct
     * (signed) pushes, no promotion windows, automatic rollback, a {@code soak} and gates of 20
     * requests, 5 % errors, 1 s p99 and no restarts.
     */
    public static Path production(Path folder, String soak) {
        return production(folder, soak, values -> values);
    }

    /** As {@link #production(Path, String)}, with {@code edit} applied to production's values file last. */
    public static Path production(Path folder, String soak, UnaryOperator<String> edit) {
        try {
            Path copy = SigningFixture.trusting(SigningFixture.shared().key(), folder);
            Path production = copy.resolve("production.yaml");
            Files.writeString(
                    production,
                    edit.apply(Files.readString(production)
                                    .replace("  minReplicas: 3", "  minReplicas: 2")
                                    .replace("  mode: merge-request", "  mode: direct")
                            + "promotion:\n  windows: []\n  rollback: {automatic: true}\n  rolloutDeadline: 1m\n"
                            + "  gates: {soak: " + soak + ", minRequests: 20, maxErrorRatio: 0.05,"
                            + " maxP99LatencySeconds: 1, maxRestarts: 0}\n"));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
