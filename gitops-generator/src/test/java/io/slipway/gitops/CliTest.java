package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.failure.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: exit codes, one-line errors, and nothing written unless everything passed. */
class CliTest {

    @TempDir
    Path temp;

    /** The command in this JVM with the process's environment. */
    static CliRun run(String... args) {
        return CliRun.inProcess(System.getenv(), args);
    }

    /** The command in this JVM with the process's environment and {@code extra} over it. */
    static CliRun run(Map<String, String> extra, String... args) {
        return CliRun.inProcessWith(extra, args);
    }

    String[] render(String environment, Path out, Path environments) {
        return Fixtures.renderArgs(environment, out, environments);
    }

    static final String[] COMMANDS = {
        "render", "validate", "diff", "publish", "promote", "rollback", "status", "verify", "watch", "help"
    };

    @ParameterizedTest
    @ValueSource(
            strings = {
                "render",
                "validate",
                "diff",
                "publish",
                "promote",
                "rollback",
                "status",
                "verify",
                "watch",
                "help"
            })
    void everyCommandHasHelpWithItsExitStatuses(String command) {
        CliRun help = run(command, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out())
                .contains("Usage: slipway-gitops " + command)
                .contains("Exit status:", "  0   Success", "  2   Bad input", " 70   An unexpected internal error")
                .doesNotContain("${", "$$");
        assertThat(run("help", command).out()).isEqualTo(help.out());
    }

    @Test
    void helpListsWhatACommandCanEndWithAndNothingElse() {
        assertThat(run("diff", "--help").out()).contains("  1   diff: rendering would change the folder.");
        assertThat(run("render", "--help").out()).doesNotContain("  1   diff");
        assertThat(run("promote", "--help").out())
                .contains(
                        "  8   promote --expect-source-commit",
                        "  9   promote: a promotion gate",
                        " 12   promote, reconfigure: changes");
        assertThat(run("watch", "--help").out()).contains("  9   ", " 13   watch: the release", " 14   ", " 15   ");
        assertThat(run("publish", "--help").out()).contains("  5   ", "  6   ", "  7   ", " 11   ");
        CliRun top = run("help");
        assertThat(top.exit()).isZero();
        assertThat(top.out())
                .startsWith("Usage: slipway-gitops [-hV] [COMMAND]")
                .contains(COMMANDS);
    }

    @Test
    void aUsageErrorIsOneLineAndWhereToReadMore() {
        CliRun missing = run("render", "--env", "dev");
        assertThat(missing.exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err().lines())
                .containsExactly(
                        "Missing required options: '--image=REF', '--out=DIR'", "see 'slipway-gitops render --help'");
        CliRun typo = run("rendr");
        assertThat(typo.err().lines())
                .containsExactly(
                        "Unmatched argument at index 0: 'rendr'; did you mean render or reconfigure?",
                        "see 'slipway-gitops --help'");
        CliRun unknownOption = run("verify", "--rpo", "x");
        assertThat(unknownOption.err().lines()).hasSize(2).last().isEqualTo("see 'slipway-gitops verify --help'");
    }

    @Test
    void optionDefaultsComeFromTheGivenEnvironment() {
        CliRun help = CliRun.inProcess(Map.of("CI_COMMIT_SHA", "abc1234"), "render", "--help");
        assertThat(help.out()).doesNotContain("${env:");
    }

    @Test
    void versionIsTheOneTheBuildWrote() {
        CliRun version = run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out().strip())
                .matches("slipway gitops-generator \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?")
                .isEqualTo("slipway gitops-generator " + GeneratorVersion.number());
        assertThat(run("render", "--version").out())
                .as("every command answers --version")
                .isEqualTo(version.out());
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun none = run();
        assertThat(none.exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(none.err()).contains("a command is required");
    }

    @Test
    void renderReplacesTheFolderWholeAndOnlyWhenValid() throws Exception {
        Path out = temp.resolve("out");
        CliRun production = run(render("production", out, Fixtures.ENVIRONMENTS));
        assertThat(production.exit()).as(production.err()).isZero();
        assertThat(out.resolve("hpa.yaml")).as("production scales with an HPA").exists();
        CliRun ok = run(render("dev", out, Fixtures.ENVIRONMENTS));
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(out.resolve("hpa.yaml")).as("a file dev does not render").doesNotExist();
        assertThat(out.resolve("deployment.yaml")).exists();
        try (Stream<Path> files = Files.list(temp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("out");
        }

        Path environments = Fixtures.environmentsCopy(temp.resolve("broken"));
        Fixtures.write(
                environments.resolve("dev.yaml"), Fixtures.read(environments.resolve("dev.yaml")) + "replicas: many\n");
        String before = Fixtures.read(out.resolve("deployment.yaml"));
        CliRun bad = run(render("dev", out, environments));
        assertThat(bad.exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(bad.err().lines()).singleElement().asString().startsWith("environments/dev.yaml: replicas: ");
        assertThat(Fixtures.read(out.resolve("deployment.yaml"))).isEqualTo(before);

        Fixtures.write(
                environments.resolve("production.yaml"),
                Fixtures.read(environments.resolve("production.yaml")).replace("minReplicas: 3", "minReplicas: 1"));
        CliRun invalid = run(render("production", out, environments));
        assertThat(invalid.exit()).isEqualTo(ExitCode.INVALID_MANIFESTS.code());
        assertThat(invalid.err())
                .contains(
                        "deployment.yaml: Deployment/slipway: availability: production needs at least 2 replicas",
                        "nothing was written");
        assertThat(Fixtures.read(out.resolve("deployment.yaml"))).isEqualTo(before);
    }

    @Test
    void renderOfSeveralEnvironmentsWritesEachFolderAndReportsEachOnItsOwn() {
        String folders = temp.resolve("rendered").resolve("{env}").toString();
        CliRun several = run(
                "render",
                "--env",
                "dev",
                "--env",
                "nowhere",
                "--env",
                "production",
                "--image",
                Fixtures.IMAGE,
                "--out",
                folders,
                "--environments",
                Fixtures.ENVIRONMENTS.toString(),
                "--source-commit",
                Fixtures.COMMIT);
        assertThat(several.exit()).as("the failing environment's status").isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(several.out().lines().toList())
                .containsExactly(
                        "rendered 18 files for dev into " + temp.resolve("rendered/dev"),
                        "rendered 21 files for production into " + temp.resolve("rendered/production"));
        assertThat(several.err())
                .contains("environments/nowhere.yaml: file not found", "nowhere: failed with exit status 2");
        assertThat(temp.resolve("rendered/dev/deployment.yaml")).exists();
        assertThat(temp.resolve("rendered/production/pdb.yaml")).exists();
        assertThat(temp.resolve("rendered/nowhere")).doesNotExist();

        CliRun oneFolder = run(
                "render",
                "--env",
                "dev",
                "--env",
                "staging",
                "--image",
                Fixtures.IMAGE,
                "--out",
                temp.resolve("one").toString(),
                "--environments",
                Fixtures.ENVIRONMENTS.toString());
        assertThat(oneFolder.exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(oneFolder.err()).contains("with several --env it must contain {env}");
        CliRun twice = run(
                "render",
                "--env",
                "dev",
                "--env",
                "dev",
                "--image",
                Fixtures.IMAGE,
                "--out",
                folders,
                "--environments",
                Fixtures.ENVIRONMENTS.toString());
        assertThat(twice.exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(twice.err()).contains("an environment is named twice");
        assertThat(temp.resolve("one")).doesNotExist();
    }

    @Test
    void validateReportsEveryProblemAsFileObjectRuleDetail() throws Exception {
        Path out = temp.resolve("dev");
        assertThat(run(render("dev", out, Fixtures.ENVIRONMENTS)).exit()).isZero();
        CliRun valid = run("validate", out.toString());
        assertThat(valid.exit()).isZero();
        assertThat(valid.out()).contains("valid: 17 object(s) in 1 folder(s)");

        Fixtures.write(
                out.resolve("deployment.yaml"),
                Fixtures.read(out.resolve("deployment.yaml"))
                        .replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"));
        CliRun invalid = run("validate", out.toString());
        assertThat(invalid.exit()).isEqualTo(ExitCode.INVALID_MANIFESTS.code());
        assertThat(invalid.err())
                .contains(out.resolve("deployment.yaml") + ": Deployment/slipway: read-only-root: container slipway: ");
        assertThat(run("validate", temp.resolve("absent").toString()).exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
        Path empty = Files.createDirectories(temp.resolve("empty"));
        CliRun nothing = run("validate", empty.toString());
        assertThat(nothing.exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(nothing.err()).isEqualTo(empty + ": no manifests (.yaml or .yml files) to validate\n");
    }

    @Test
    void diffExitsZeroWhenIdenticalOneWhenDifferent() {
        Path out = temp.resolve("staging");
        assertThat(run(render("staging", out, Fixtures.ENVIRONMENTS)).exit()).isZero();
        String[] diff = {
            "diff",
            "--env",
            "staging",
            "--image",
            Fixtures.IMAGE,
            "--against",
            out.toString(),
            "--environments",
            Fixtures.ENVIRONMENTS.toString(),
            "--source-commit",
            Fixtures.COMMIT
        };
        CliRun same = run(diff);
        assertThat(same.exit()).isZero();
        assertThat(same.out()).contains("staging: up to date");

        Fixtures.write(out.resolve("service.yaml"), "changed\n");
        Fixtures.write(out.resolve("extra.yaml"), "extra\n");
        CliRun different = run(diff);
        assertThat(different.exit()).isEqualTo(ExitCode.DIFFERENT.code());
        assertThat(different.out())
                .contains(
                        "--- a/service.yaml",
                        "+++ b/service.yaml",
                        "-changed",
                        "--- a/extra.yaml",
                        "staging: 2 file(s) differ (1 changed, 0 added, 1 removed)");

        diff[4] = "registry.cn-hangzhou.aliyuncs.com/slipway/server:latest";
        assertThat(run(diff).exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
    }

    @Test
    void gatesOnlyAndSkippingTheGatesExcludeEachOther() {
        CliRun both = run(
                "promote",
                "--from",
                "staging",
                "--to",
                "production",
                "--repo",
                temp.resolve("none.git").toString(),
                "--gates-only",
                "--skip-gates",
                "hotfix");
        assertThat(both.exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(both.err().lines().findFirst().orElseThrow())
                .isEqualTo("Error: --gates-only, --skip-gates=REASON are mutually exclusive (specify only one)");
    }

    @Test
    void reconfigureNeedsTheCommitTheValuesWereReadAt() {
        String[] args = {
            "reconfigure",
            "--env",
            "production",
            "--repo",
            temp.resolve("none.git").toString()
        };
        CliRun missing = run(Map.of("CI_COMMIT_SHA", ""), args);
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().lines().findFirst().orElseThrow())
                .isEqualTo("--values-commit: not given and CI_COMMIT_SHA is unset; pass the commit the values were read"
                        + " at (git rev-parse HEAD)");
        CliRun odd = run(Map.of("CI_COMMIT_SHA", "main"), args);
        assertThat(odd.exit()).isEqualTo(2);
        assertThat(odd.err()).startsWith("--values-commit: 'main' is not a commit id");
        String[] unexplained = {
            "reconfigure",
            "--env",
            "production",
            "--repo",
            temp.resolve("none.git").toString(),
            "--outside-window",
            " "
        };
        CliRun blank = run(Map.of("CI_COMMIT_SHA", "abcdef0"), unexplained);
        assertThat(blank.exit()).isEqualTo(2);
        assertThat(blank.err()).startsWith("--outside-window: give the reason");
    }

    @Test
    void diffSummaryTellsAReviewerWhatChanges() {
        Path out = temp.resolve("staging");
        assertThat(run(render("staging", out, Fixtures.ENVIRONMENTS)).exit()).isZero();
        CliRun summary = run(
                "diff",
                "--summary",
                "--env",
                "staging",
                "--image",
                "registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:" + "b".repeat(64),
                "--against",
                out.toString(),
                "--environments",
                Fixtures.ENVIRONMENTS.toString(),
                "--source-commit",
                "c0ffee0");
        assertThat(summary.exit()).isEqualTo(ExitCode.DIFFERENT.code());
        assertThat(summary.out())
                .contains(
                        "- **Deployment/slipway** changed",
                        "  - image (slipway): `" + Fixtures.IMAGE
                                + "` → `registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:" + "b".repeat(64)
                                + "`",
                        "Secrets referenced (names only): `acr-pull`, `slipway-alerting`, `slipway-secrets`",
                        "staging: 2 file(s) differ")
                .doesNotContain("+++ b/");
    }
}
