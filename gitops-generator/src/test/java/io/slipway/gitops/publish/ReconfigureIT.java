package io.slipway.gitops.publish;

import static io.slipway.gitops.support.GitHttpServer.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.CliRun;
import io.slipway.gitops.Fixtures;
import io.slipway.gitops.signing.SigningFixture;
import io.slipway.gitops.signing.SigningKeys;
import io.slipway.gitops.support.GeneratorRuns;
import io.slipway.gitops.support.GitHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config change to production released on its own, through the CLI against a real git server:
 * production's folder re-rendered with the digest it runs and the values as they are now, proposed
 * as one signed merge-request commit that changes only what the values change; a values change that
 * would change the image, a tampered folder and a change into a frozen production are refused, nothing
 * pushed.
 */
class ReconfigureIT {

    static final String VALUES_COMMIT = "abcdef0123456789abcdef0123456789abcdef01";
    static final String PROPOSAL = "slipway/slipway/production";

    @TempDir
    static Path temp;

    static GitHttpServer server;

    @BeforeAll
    static void start() throws IOException {
        server = GitHttpServer.start(Files.createDirectories(temp.resolve("server")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aReplicaChangeToProductionProposesOneSignedCommitThatChangesOnlyWhatItRenders() throws IOException {
        String url = productionRunningA("scale.git");
        Path values = values("scale", "  maxReplicas: 10", "  maxReplicas: 12");

        CliRun run = reconfigure(url, values);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("pushed " + PROPOSAL + "; merge request into main");
        Path bare = server.path("scale.git");
        assertThat(git(bare, "diff", "--name-only", "main", PROPOSAL).lines())
                .containsExactly("apps/slipway/production/.slipway.json", "apps/slipway/production/hpa.yaml");
        assertThat(git(bare, "rev-parse", PROPOSAL + "^").trim())
                .isEqualTo(git(bare, "rev-parse", "main").trim());
        assertThat(git(bare, "show", PROPOSAL + ":apps/slipway/production/.slipway.json"))
                .contains(GeneratorRuns.DIGEST_A)
                .isNotEqualTo(git(bare, "show", "main:apps/slipway/production/.slipway.json"));
        assertThat(git(bare, "log", "-1", "--format=%B", PROPOSAL))
                .startsWith("slipway/production: configure, keeping sha256-aaaaaaaaaaaa (aaaaaaaaaaaa)")
                .contains("- **HorizontalPodAutoscaler/slipway** changed", "spec.maxReplicas: `10` → `12`")
                .doesNotContain("Deployment/slipway")
                .contains(
                        "Values-Commit: " + VALUES_COMMIT,
                        "Image: " + GeneratorRuns.REPOSITORY + "@" + GeneratorRuns.DIGEST_A);
        CliRun signature = SigningKeys.verifyCommit(
                bare, PROPOSAL, SigningFixture.shared().key().home(), temp.resolve("none"));
        assertThat(signature.exit()).as(signature.err()).isZero();

        // Nothing changed in the values since: nothing to propose.
        assertThat(reconfigure(url, values).out()).contains("already proposes this change");
    }

    @Test
    void aValuesChangeThatWouldChangeTheImageIsRefused() throws IOException {
        String url = productionRunningA("image.git");
        Path values = values(
                "image",
                "environment: production\n",
                "environment: production\nimage:\n  repository: registry.cn-hangzhou.aliyuncs.com/slipway/other\n");
        String refs = git(server.path("image.git"), "for-each-ref");

        CliRun run = reconfigure(url, values);
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("reconfigure refused: image.repository is registry.cn-hangzhou.aliyuncs.com/slipway/other in"
                        + " the values, and production runs " + GeneratorRuns.REPOSITORY + "@" + GeneratorRuns.DIGEST_A
                        + ": a config release keeps the image; a new image is a release (publish, promote); nothing"
                        + " was pushed\n");
        assertThat(git(server.path("image.git"), "for-each-ref")).isEqualTo(refs);
    }

    @Test
    void aTamperedProductionIsRefused() throws IOException {
        String url = productionRunningA("tampered.git");
        Path clone = GeneratorRuns.cloneOf(temp, url, "tampered");
        Files.writeString(
                clone.resolve("apps/slipway/production/configmap.yaml"),
                Files.readString(clone.resolve("apps/slipway/production/configmap.yaml")) + "# by hand\n");
        GitHttpServer.pushByHand(clone, "hand edit");
        String refs = git(server.path("tampered.git"), "for-each-ref");
        Path values = values("tampered", "  maxReplicas: 10", "  maxReplicas: 12");

        CliRun tampered = reconfigure(url, values);
        assertThat(tampered.exit()).as(tampered.err()).isEqualTo(10);
        assertThat(tampered.err().lines())
                .containsExactly(
                        "apps/slipway/production/configmap.yaml: modified outside Slipway",
                        "apps/slipway/production: last change "
                                + git(clone, "rev-parse", "--short=12", "HEAD").trim()
                                + " not signed; publish.signing is on for production",
                        "reconfigure refused: apps/slipway/production does not hold what Slipway published, signed as"
                                + " its environment requires (see verify), so what it runs is not known; nothing was"
                                + " pushed");

        assertThat(git(server.path("tampered.git"), "for-each-ref")).isEqualTo(refs);
    }

    @Test
    void aChangeIntoAFrozenProductionWaitsForItsWindowOrAReasonButNoChangeNeedsNone() throws IOException {
        String frozen =
                "promotion:\n  windows:\n    - {kind: deny, schedule: \"* * * * *\", duration: 1h, timeZone: UTC}\n";
        Path unchanged = values("unchanged", "  maxReplicas: 10", "  maxReplicas: 10");
        Fixtures.write(
                unchanged.resolve("production.yaml"), Fixtures.read(unchanged.resolve("production.yaml")) + frozen);
        Path scaled = values("frozen", "  maxReplicas: 10", "  maxReplicas: 12");
        Fixtures.write(scaled.resolve("production.yaml"), Fixtures.read(scaled.resolve("production.yaml")) + frozen);
        String url = productionRunningA("frozen.git", unchanged, "--outside-window", "the test's first release");
        String refs = git(server.path("frozen.git"), "for-each-ref");

        CliRun closed = reconfigure(url, scaled);
        assertThat(closed.exit()).isEqualTo(12);
        assertThat(closed.err())
                .hasLineCount(1)
                .startsWith("reconfigure refused: promotion into production is frozen at ")
                .contains("pass --outside-window REASON");
        assertThat(git(server.path("frozen.git"), "for-each-ref")).isEqualTo(refs);

        // The values as production runs them, but for a window that is shut: nothing to change, nothing refused.
        CliRun same = reconfigure(url, unchanged);
        assertThat(same.exit()).as(same.err()).isZero();
        assertThat(same.out()).contains("apps/slipway/production: up to date on main; nothing to push");

        CliRun emergency = reconfigure(url, scaled, "--outside-window", "INC-9: scale up for the campaign");
        assertThat(emergency.exit()).as(emergency.err()).isZero();
        assertThat(git(server.path("frozen.git"), "log", "-1", "--format=%B", PROPOSAL))
                .contains("Changed outside the promotion windows: promotion into production is frozen at ")
                .contains("Window-Override: INC-9: scale up for the campaign");
    }

    /** A config repository whose main holds production on digest A, promoted from staging and merged. */
    static String productionRunningA(String name) {
        return productionRunningA(name, GeneratorRuns.environments());
    }

    /** As {@link #productionRunningA(String)}, from {@code environments}, promoted with {@code extra} arguments. */
    static String productionRunningA(String name, Path environments, String... extra) {
        String url = server.createRepository(name, true);
        assertThat(GeneratorRuns.cli(
                                Map.of(),
                                GeneratorRuns.publishArgs(url, environments, "staging", GeneratorRuns.DIGEST_A))
                        .exit())
                .isZero();
        List<String> promote = new ArrayList<>(List.of("--skip-gates", GeneratorRuns.SKIP));
        promote.addAll(List.of(extra));
        CliRun promoted = GeneratorRuns.promote(Map.of(), url, environments, promote.toArray(String[]::new));
        assertThat(promoted.exit()).as(promoted.err()).isZero();
        Path bare = server.path(name);
        git(bare, "update-ref", "refs/heads/main", "refs/heads/" + PROPOSAL); // the reviewer merges it
        git(bare, "update-ref", "-d", "refs/heads/" + PROPOSAL);
        return url;
    }

    /** The values production is released from, trusting the test key, with one edit of production.yaml. */
    static Path values(String name, String from, String to) throws IOException {
        Path copy = SigningFixture.trusting(SigningFixture.shared().key(), temp.resolve("values-" + name));
        Path production = copy.resolve("production.yaml");
        String text = Fixtures.read(production);
        assertThat(text).contains(from);
        Fixtures.write(production, text.replace(from, to));
        return copy;
    }

    static CliRun reconfigure(String url, Path values, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "reconfigure",
                "--env",
                "production",
                "--repo",
                url,
                "--environments",
                values.toString(),
                "--values-commit",
                VALUES_COMMIT));
        args.addAll(List.of(extra));
        return GeneratorRuns.cli(Map.of(), args.toArray(String[]::new));
    }
}
