package io.slipway.gitops.publish;

import static io.slipway.gitops.support.GeneratorRuns.DIGEST_A;
import static io.slipway.gitops.support.GeneratorRuns.DIGEST_B;
import static io.slipway.gitops.support.GeneratorRuns.REPOSITORY;
import static io.slipway.gitops.support.GeneratorRuns.SKIP;
import static io.slipway.gitops.support.GeneratorRuns.cli;
import static io.slipway.gitops.support.GeneratorRuns.closedPort;
import static io.slipway.gitops.support.GeneratorRuns.environments;
import static io.slipway.gitops.support.GeneratorRuns.kubectl;
import static io.slipway.gitops.support.GeneratorRuns.promote;
import static io.slipway.gitops.support.GeneratorRuns.publish;
import static io.slipway.gitops.support.GeneratorRuns.publishArgs;
import static io.slipway.gitops.support.GitHttpServer.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.CliRun;
import io.slipway.gitops.Fixtures;
import io.slipway.gitops.signing.SigningFixture;
import io.slipway.gitops.support.GeneratorRuns;
import io.slipway.gitops.support.GitHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * publish, promote, rollback and status through the packaged CLI against a real git server
 * ({@code git http-backend} over HTTP with Basic auth, push options and hooks).
 */
class PublishIT {

    @TempDir
    static Path temp;

    static GitHttpServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = GitHttpServer.start(Files.createDirectories(temp.resolve("server")));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static String head(String name, String ref) {
        return git(server.path(name), "rev-parse", ref).trim();
    }

    static Path cloneOf(String url, String name) {
        return GeneratorRuns.cloneOf(temp, url, name);
    }

    @Test
    void aFrozenProductionRefusesPromotionUntilOverriddenWithAReasonTheCommitRecords(@TempDir Path values)
            throws Exception {
        Path frozen = SigningFixture.trusting(SigningFixture.shared().key(), values);
        Fixtures.write(
                frozen.resolve("production.yaml"),
                Fixtures.read(frozen.resolve("production.yaml"))
                        + "promotion:\n  windows:\n    - {kind: deny, schedule: \"* * * * *\", duration: 1h, timeZone: UTC}\n");
        String url = server.createRepository("frozen.git", true);
        assertThat(cli(Map.of(), publishArgs(url, frozen, "staging", DIGEST_A)).exit())
                .isZero();
        String refsBefore = git(server.path("frozen.git"), "for-each-ref");

        CliRun refused = promote(Map.of(), url, frozen, "--skip-gates", SKIP);
        assertThat(refused.exit()).isEqualTo(12);
        assertThat(refused.err())
                .hasLineCount(1)
                .contains(
                        "promote refused: promotion into production is frozen at ",
                        "(promotion.windows: deny \"* * * * *\" for 1h (UTC)); no opening within a year",
                        "pass --outside-window REASON",
                        "nothing was pushed");
        assertThat(git(server.path("frozen.git"), "for-each-ref")).isEqualTo(refsBefore);
        // The window is the first thing said, before the gates would ask for a Prometheus there is none of.
        CliRun noPrometheus = promote(Map.of("PROMETHEUS_URL", ""), url, frozen);
        assertThat(noPrometheus.exit()).as(noPrometheus.err()).isEqualTo(12);
        assertThat(noPrometheus.err())
                .hasLineCount(1)
                .startsWith("promote refused: promotion into production is frozen");

        CliRun overridden = promote(
                Map.of(), url, frozen, "--skip-gates", SKIP, "--outside-window", "INC-7 fix, approved by on-call");
        assertThat(overridden.exit()).as(overridden.err()).isZero();
        assertThat(git(server.path("frozen.git"), "log", "-1", "--format=%B", "slipway/slipway/production"))
                .contains("Changed outside the promotion windows: promotion into production is frozen at ")
                .contains("; reason: INC-7 fix, approved by on-call")
                .contains("Window-Override: INC-7 fix, approved by on-call");
    }

    @Test
    void statusListsTheImagesTheVerifiedFoldersRunForAScan() throws Exception {
        String url = server.createRepository("images.git", true);
        assertThat(publish(url, "dev", DIGEST_B).exit()).isZero();
        assertThat(publish(url, "staging", DIGEST_A).exit()).isZero();
        String[] images = {
            "status", "--repo", url, "--environments", environments().toString(), "--images"
        };
        CliRun both = cli(Map.of(), images);
        assertThat(both.exit()).as(both.err()).isZero();
        assertThat(both.out()).isEqualTo(REPOSITORY + "@" + DIGEST_A + "\n" + REPOSITORY + "@" + DIGEST_B + "\n");

        Path clone = cloneOf(url, "images");
        Files.writeString(clone.resolve("apps/slipway/dev/configmap.yaml"), "# by hand\n", StandardOpenOption.APPEND);
        git(clone, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qam", "hand edit");
        git(clone, "push", "-q", "origin", "main");
        CliRun tampered = cli(Map.of(), images);
        assertThat(tampered.exit()).isEqualTo(10);
        assertThat(tampered.out()).isEqualTo(REPOSITORY + "@" + DIGEST_A + "\n");
        assertThat(tampered.err()).isEqualTo("apps/slipway/dev/configmap.yaml: modified outside Slipway\n");
    }

    @Test
    void firstPublishThenUpToDateThenPruneWhileOtherFoldersStayUntouched() throws Exception {
        String url = server.createRepository("basic.git", true);
        CliRun first = publish(url, "dev", DIGEST_A);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("pushed", "slipway/dev: deploy sha256-aaaaaaaaaaaa (aaaaaaaaaaaa)");
        String afterFirst = head("basic.git", "main");
        String message = git(server.path("basic.git"), "log", "-1", "--format=%B%n--%an <%ae>%n%cn", "main");
        assertThat(message)
                .contains(
                        "Source-Commit: c0ffeeaaaaaa",
                        "Image: " + REPOSITORY + "@" + DIGEST_A,
                        "Pipeline: https://gitlab.example/pipelines/1",
                        "Environment: dev",
                        "--Slipway CI <ci@slipway.invalid>",
                        "Slipway gitops-generator");

        int fetchesBefore = server.fetchRequests().size();
        CliRun again = publish(url, "dev", DIGEST_A);
        assertThat(again.exit()).as("exit status; stderr: %s", again.err()).isZero();
        assertThat(again.out()).contains("up to date");
        // Recognised from the tree ids: the folder's files are never fetched for a publish that changes nothing.
        assertThat(server.fetchRequests()
                        .subList(fetchesBefore, server.fetchRequests().size()))
                .filteredOn(request -> request.contains("command=fetch"))
                .singleElement()
                .asString()
                .contains("filter blob:none");
        assertThat(head("basic.git", "main")).isEqualTo(afterFirst);

        // Someone else adds a stale file to our folder, and a folder of their own plus a README.
        Path clone = cloneOf(url, "basic");
        Files.writeString(clone.resolve("apps/slipway/dev/stale.yaml"), "stale: true\n");
        Files.createDirectories(clone.resolve("apps/other/dev"));
        Files.writeString(clone.resolve("apps/other/dev/keep.yaml"), "keep: true\n");
        Files.writeString(clone.resolve("README.md"), "config repo\n");
        git(clone, "add", "-A");
        git(clone, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-q", "-m", "other work");
        git(clone, "push", "-q", "origin", "main");
        String otherTree =
                git(server.path("basic.git"), "rev-parse", "main:apps/other").trim();

        CliRun prune = publish(url, "dev", DIGEST_B);
        assertThat(prune.exit()).as(prune.err()).isZero();
        String files = git(server.path("basic.git"), "ls-tree", "-r", "--name-only", "main");
        assertThat(files)
                .doesNotContain("apps/slipway/dev/stale.yaml")
                .contains(
                        "apps/other/dev/keep.yaml",
                        "README.md",
                        "apps/slipway/dev/.slipway.json",
                        "apps/slipway/dev/deployment.yaml");
        assertThat(git(server.path("basic.git"), "rev-parse", "main:apps/other").trim())
                .isEqualTo(otherTree);
        assertThat(git(server.path("basic.git"), "show", "main:apps/slipway/dev/.slipway.json"))
                .contains(DIGEST_B);

        Path verify = cloneOf(url, "verify");
        assertThat(verify.resolve("apps/slipway/dev/kustomization.yaml")).exists();
        if (kubectl()) {
            Process kustomize = new ProcessBuilder(
                            "kubectl",
                            "kustomize",
                            verify.resolve("apps/slipway/dev").toString())
                    .redirectErrorStream(true)
                    .start();
            String output = CliRun.read(kustomize.getInputStream());
            assertThat(kustomize.waitFor()).as(output).isZero();
        }
        git(server.path("basic.git"), "fsck", "--strict");

        CliRun status = cli(
                Map.of(),
                "status",
                "--repo",
                url,
                "--environments",
                environments().toString());
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("slipway", "dev", "bbbbbbbbbbbb", "c0ffeebbbbbb");
    }

    @Test
    void oneCallPublishesEachEnvironmentAsItsOwnCommitAndAFailureStopsNoOther() {
        String url = server.createRepository("several.git", true);
        CliRun several = publish(url, "dev", DIGEST_A, "--env", "staging");
        assertThat(several.exit()).as(several.err()).isZero();
        assertThat(several.out().lines().toList())
                .satisfiesExactly(
                        dev -> assertThat(dev).startsWith("pushed").contains("to main", "slipway/dev: deploy"),
                        staging -> assertThat(staging)
                                .startsWith("pushed")
                                .contains("to main", "slipway/staging: deploy"));
        assertThat(git(server.path("several.git"), "log", "--format=%s", "main")
                        .lines()
                        .toList())
                .containsExactly(
                        "slipway/staging: deploy sha256-aaaaaaaaaaaa (aaaaaaaaaaaa)",
                        "slipway/dev: deploy sha256-aaaaaaaaaaaa (aaaaaaaaaaaa)");
        assertThat(git(server.path("several.git"), "show", "--name-only", "--format=", "main")
                        .lines())
                .isNotEmpty()
                .allSatisfy(path -> assertThat(path).startsWith("apps/slipway/staging/"));

        CliRun partly = publish(url, "dev", DIGEST_B, "--env", "nowhere", "--env", "staging");
        assertThat(partly.exit()).as("the failing environment's status").isEqualTo(2);
        assertThat(partly.err()).contains("environments/nowhere.yaml", "nowhere: failed with exit status 2");
        assertThat(partly.out().lines().filter(line -> line.startsWith("pushed")))
                .hasSize(2);
        assertThat(git(server.path("several.git"), "show", "main:apps/slipway/staging/.slipway.json"))
                .contains(DIGEST_B);
        assertThat(git(server.path("several.git"), "show", "main:apps/slipway/dev/.slipway.json"))
                .contains(DIGEST_B);
        git(server.path("several.git"), "fsck", "--strict");
    }

    @Test
    void publishFetchesTreesAndItsOwnFilesOnlyAndTakesTheWholeSnapshotFromAServerThatCannotFilter() {
        String url = server.createRepository("partial.git", true);
        assertThat(publish(url, "dev", DIGEST_A).exit()).isZero();
        String provenance = git(server.path("partial.git"), "rev-parse", "main:apps/slipway/dev/.slipway.json")
                .trim();
        String otherFolder = git(server.path("partial.git"), "rev-parse", "main:apps/slipway/dev/deployment.yaml")
                .trim();

        int before = server.fetchRequests().size();
        CliRun dryRun = publish(url, "dev", DIGEST_B, "--dry-run");
        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        // The diff needs the folder's current files: they came by object id, after a fetch without blobs.
        assertThat(dryRun.out()).contains("-  \"digest\" : \"" + DIGEST_A, "+  \"digest\" : \"" + DIGEST_B);
        List<String> fetches =
                server.fetchRequests().subList(before, server.fetchRequests().size());
        assertThat(fetches).anySatisfy(request -> assertThat(request).contains("filter blob:none", "deepen 1"));
        assertThat(fetches)
                .anySatisfy(request -> assertThat(request)
                        .contains("want " + provenance, "want " + otherFolder)
                        .doesNotContain("have "));

        git(server.path("partial.git"), "config", "uploadpack.allowFilter", "false");
        before = server.fetchRequests().size();
        CliRun whole = publish(url, "dev", DIGEST_B);
        assertThat(whole.exit()).as(whole.err()).isZero();
        assertThat(whole.out()).contains("pushed");
        assertThat(server.fetchRequests().subList(before, server.fetchRequests().size()))
                .isNotEmpty()
                .noneSatisfy(request -> assertThat(request).contains("filter"));
        assertThat(git(server.path("partial.git"), "show", "main:apps/slipway/dev/.slipway.json"))
                .contains(DIGEST_B);
        git(server.path("partial.git"), "fsck", "--strict");
    }

    @Test
    void verifyReportsWhatChangedOutsideSlipwayAndPromoteRefusesATamperedSource() throws Exception {
        String url = server.createRepository("tamper.git", true);
        assertThat(publish(url, "dev", DIGEST_A, "--env", "staging").exit()).isZero();
        CliRun intact = cli(
                Map.of(),
                "verify",
                "--repo",
                url,
                "--environments",
                environments().toString());
        assertThat(intact.exit()).as(intact.err()).isZero();
        assertThat(intact.out()).contains("verified: 2 folder(s) on main");

        Path clone = cloneOf(url, "tamper");
        Files.writeString(
                clone.resolve("apps/slipway/staging/configmap.yaml"), "\n# tuned by hand\n", StandardOpenOption.APPEND);
        Files.writeString(clone.resolve("apps/slipway/staging/stray.yaml"), "stray: true\n");
        Files.delete(clone.resolve("apps/slipway/dev/service.yaml"));
        git(clone, "add", "-A");
        git(clone, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-q", "-m", "hand edits");
        git(clone, "push", "-q", "origin", "main");

        CliRun tampered = cli(
                Map.of(),
                "verify",
                "--repo",
                url,
                "--environments",
                environments().toString());
        assertThat(tampered.exit()).isEqualTo(10);
        assertThat(tampered.err().lines().toList())
                .containsExactly(
                        "apps/slipway/dev/service.yaml: deleted outside Slipway",
                        "apps/slipway/staging/configmap.yaml: modified outside Slipway",
                        "apps/slipway/staging/stray.yaml: added outside Slipway",
                        "3 problem(s) in 2 folder(s) on main at "
                                + head("tamper.git", "main").substring(0, 12));
        assertThat(cli(
                                Map.of(),
                                "status",
                                "--repo",
                                url,
                                "--environments",
                                environments().toString())
                        .out())
                .contains("FAILED: 1 problem(s), run verify", "FAILED: 2 problem(s), run verify");

        String refsBefore = git(server.path("tamper.git"), "for-each-ref");
        CliRun promote = promote(Map.of(), url, environments(), "--skip-gates", SKIP);
        assertThat(promote.exit()).isEqualTo(10);
        assertThat(promote.err())
                .contains(
                        "apps/slipway/staging/configmap.yaml: modified outside Slipway",
                        "promote refused: apps/slipway/staging does not hold what Slipway published, signed as its environment "
                                + "requires (see verify); nothing was pushed");
        assertThat(git(server.path("tamper.git"), "for-each-ref")).isEqualTo(refsBefore);

        // Publishing again puts back exactly what Slipway renders.
        assertThat(publish(url, "dev", DIGEST_A, "--env", "staging").exit()).isZero();
        assertThat(cli(
                                Map.of(),
                                "verify",
                                "--repo",
                                url,
                                "--environments",
                                environments().toString())
                        .exit())
                .isZero();
    }

    @Test
    void aPublishThatCannotSayWhichCommitItShipsIsRefusedInCiAndWarnedElsewhere() {
        String url = server.createRepository("provenance.git", true);
        String[] withoutSource = Arrays.copyOf(
                publishArgs(url, environments(), "dev", DIGEST_A),
                publishArgs(url, environments(), "dev", DIGEST_A).length - 2);
        CliRun inCi = cli(Map.of("CI", "true", "CI_COMMIT_SHA", ""), withoutSource);
        assertThat(inCi.exit()).isEqualTo(2);
        assertThat(inCi.err().lines().findFirst().orElseThrow())
                .isEqualTo("--source-commit: not given and CI_COMMIT_SHA is unset, so the provenance would record"
                        + " Source-Commit: unknown; in CI pass the commit (--source-commit \"$CI_COMMIT_SHA\"), or"
                        + " --allow-unknown-source");
        assertThat(git(server.path("provenance.git"), "for-each-ref")).isEmpty();

        CliRun onALaptop = cli(Map.of("CI", "", "CI_COMMIT_SHA", ""), withoutSource);
        assertThat(onALaptop.exit()).as(onALaptop.err()).isZero();
        assertThat(onALaptop.err())
                .startsWith("warning: --source-commit: not given and CI_COMMIT_SHA is unset, so the provenance"
                        + " would record Source-Commit: unknown\n");

        List<String> allowed = new ArrayList<>(List.of(withoutSource));
        allowed.addAll(List.of("--allow-unknown-source", "--env", "staging"));
        allowed.remove(2);
        allowed.remove(1);
        CliRun told = cli(Map.of("CI", "true", "CI_COMMIT_SHA", ""), allowed.toArray(String[]::new));
        assertThat(told.exit()).as(told.err()).isZero();
        assertThat(told.err()).isEmpty();
        assertThat(git(server.path("provenance.git"), "log", "-1", "--format=%B", "main"))
                .contains("Source-Commit: unknown", "Environment: staging");
    }

    @Test
    void dryRunPrintsTheDiffAndPushesNothing() {
        String url = server.createRepository("dry.git", true);
        CliRun dry = publish(url, "dev", DIGEST_A, "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("+++ b/apps/slipway/dev/deployment.yaml", "dry run: would push");
        assertThat(git(server.path("dry.git"), "for-each-ref")).isEmpty();
    }

    @Test
    void productionGoesThroughAMergeRequestAndPromoteCarriesTheStagingDigest() {
        String url = server.createRepository("mr.git", true);
        server.hook(
                "mr.git",
                "pre-receive",
                "i=0\nwhile [ $i -lt ${GIT_PUSH_OPTION_COUNT:-0} ]; do\n"
                        + "  eval \"printf '%s\\\\n' \\\"\\$GIT_PUSH_OPTION_$i\\\"\" >> push-options.txt\n  i=$((i+1))\ndone\ncat >> pushed-refs.txt\n"
                        + "echo 'View merge request for slipway/slipway/production:'\n"
                        + "echo '  https://gitlab.example/platform/config/-/merge_requests/7'\n");
        assertThat(publish(url, "staging", DIGEST_A).exit()).isZero();
        String main = head("mr.git", "main");

        CliRun promote = promote(
                Map.of(),
                url,
                environments(),
                "--skip-gates",
                SKIP,
                "--pipeline-url",
                "https://gitlab.example/pipelines/2");
        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(promote.out())
                .contains(
                        "pushed slipway/slipway/production",
                        "merge request into main: https://gitlab.example/platform/config/-/merge_requests/7");
        assertThat(head("mr.git", "main")).isEqualTo(main);
        String provenance =
                git(server.path("mr.git"), "show", "slipway/slipway/production:apps/slipway/production/.slipway.json");
        assertThat(provenance).contains(DIGEST_A, "\"sourceCommit\" : \"c0ffeeaaaaaa\"");
        String options = Fixtures.read(server.path("mr.git").resolve("push-options.txt"));
        assertThat(options)
                .contains(
                        "merge_request.create",
                        "merge_request.target=main",
                        "merge_request.title=slipway/production: deploy sha256-aaaaaaaaaaaa (aaaaaaaaaaaa)",
                        // The change summary, newlines written as \n for GitLab to turn back.
                        "merge_request.description=- **AlertmanagerConfig/slipway** added\\n",
                        "\\n- **ClusterAliyunPipelineConfig/slipway-production-stdout** added\\n",
                        "\\n- **ConfigMap/slipway-config** added\\n",
                        "\\n- **Deployment/slipway** added\\n",
                        "\\n\\nPromotion gates skipped: " + SKIP + "\\n\\nSource-Commit: c0ffeeaaaaaa\\nImage: "
                                + REPOSITORY + "@" + DIGEST_A,
                        "\\n\\nFiles changed: .slipway.json",
                        "merge_request.label=deploy",
                        "merge_request.label=production",
                        "merge_request.remove_source_branch");
        assertThat(Fixtures.read(server.path("mr.git").resolve("pushed-refs.txt")))
                .contains("refs/heads/slipway/slipway/production");
        assertThat(git(server.path("mr.git"), "log", "-1", "--format=%B", "slipway/slipway/production"))
                .contains(
                        "- **Deployment/slipway** added",
                        "Secrets referenced (names only): ",
                        "Promotion gates skipped: " + SKIP,
                        "Gates-Skipped: " + SKIP);

        CliRun rerun = promote(Map.of(), url, environments(), "--skip-gates", SKIP);
        assertThat(rerun.exit()).as("exit status; stderr: %s", rerun.err()).isZero();
        assertThat(rerun.out()).contains("already proposes this change");
    }

    @Test
    void promoteWithoutAnAnsweringPrometheusRefusesAndPushesNothing() {
        String url = server.createRepository("gated.git", true);
        assertThat(publish(url, "staging", DIGEST_A).exit()).isZero();
        String refsBefore = git(server.path("gated.git"), "for-each-ref");

        CliRun none = promote(Map.of(), url, environments());
        assertThat(none.exit()).as(none.err()).isEqualTo(9);
        assertThat(none.err())
                .contains(
                        "the promotion gates need Prometheus", "PROMETHEUS_URL", "--skip-gates", "nothing was pushed");

        CliRun down = promote(Map.of("PROMETHEUS_URL", "http://127.0.0.1:" + closedPort()), url, environments());
        assertThat(down.exit()).as(down.err()).isEqualTo(9);
        assertThat(down.out()).contains("pods on sha256:aaaaaaaaaaa", "FAIL");
        assertThat(down.err().lines().filter(line -> line.startsWith("promotion gate")))
                .singleElement()
                .asString()
                .startsWith("promotion gates failed: 7 gates have no value (")
                .contains("cannot be reached")
                .endsWith("): pods on sha256:aaaaaaaaaaaa, soak 15m, pods on other builds, requests, 5xx ratio, p99"
                        + " latency s, restarts");
        assertThat(down.err()).contains("promote refused: 7 of 7 promotion gates failed; nothing was pushed");

        CliRun both = promote(Map.of(), url, environments(), "--gates-only", "--skip-gates", "x");
        assertThat(both.exit()).isEqualTo(2);
        CliRun toItself = cli(Map.of(), "promote", "--from", "staging", "--to", "staging", "--repo", url);
        assertThat(toItself.exit()).isEqualTo(2);
        assertThat(toItself.err()).startsWith("--from staging --to staging: an environment is promoted from another");
        CliRun shortCommit = promote(Map.of(), url, environments(), "--expect-source-commit", "12");
        assertThat(shortCommit.exit()).isEqualTo(2);
        assertThat(shortCommit.err())
                .startsWith("Invalid value for option '--expect-source-commit': '12' is not a commit id; give the"
                        + " full SHA or at least its first 7 hex digits\n");
        assertThat(git(server.path("gated.git"), "for-each-ref")).isEqualTo(refsBefore);
    }

    @Test
    void promoteShipsOnlyTheSourceCommitItIsToldTo() throws IOException {
        String url = server.createRepository("expect.git", true);
        assertThat(publish(url, "staging", DIGEST_A).exit()).isZero();
        String staged = "c0ffee" + DIGEST_A.substring(7, 13);
        String refsBefore = git(server.path("expect.git"), "for-each-ref");

        CliRun wrong = promote(
                Map.of(), url, environments(), "--skip-gates", SKIP, "--expect-source-commit", "0123456789abcdef");
        assertThat(wrong.exit()).as(wrong.err()).isEqualTo(8);
        assertThat(wrong.err().strip())
                .doesNotContain("\n")
                .contains(
                        "staging runs source commit " + staged,
                        REPOSITORY + "@" + DIGEST_A,
                        "not the expected 0123456789abcdef",
                        "nothing was pushed");
        assertThat(git(server.path("expect.git"), "for-each-ref")).isEqualTo(refsBefore);

        Path artifact = temp.resolve("release.env");
        CliRun check = promote(
                Map.of(),
                url,
                environments(),
                "--skip-gates",
                SKIP,
                "--expect-source-commit",
                staged.toUpperCase(Locale.ROOT),
                "--dry-run",
                "--write-artifact",
                artifact.toString());
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(Files.readString(artifact))
                .isEqualTo("IMAGE_REF=" + REPOSITORY + "@" + DIGEST_A + "\nIMAGE_DIGEST=" + DIGEST_A
                        + "\nSOURCE_COMMIT=" + staged + "\n");
        assertThat(git(server.path("expect.git"), "for-each-ref")).isEqualTo(refsBefore);

        CliRun right = promote(
                Map.of(), url, environments(), "--skip-gates", SKIP, "--expect-source-commit", staged.substring(0, 7));
        assertThat(right.exit()).as(right.err()).isZero();
        assertThat(git(
                        server.path("expect.git"),
                        "show",
                        "slipway/slipway/production:apps/slipway/production/.slipway.json"))
                .contains(DIGEST_A, "\"sourceCommit\" : \"" + staged + "\"");
    }

    @Test
    void aServerWithoutPushOptionsGetsAClearError() {
        String url = server.createRepository("nopo.git", false);
        CliRun run = publish(url, "production", DIGEST_A);
        assertThat(run.exit()).isEqualTo(7);
        assertThat(run.err()).contains("push options", "publish.mode: direct");
        assertThat(git(server.path("nopo.git"), "for-each-ref")).isEmpty();
    }

    @Test
    void rollbackRestoresTheFolderBytesAsANewCommit() {
        String url = server.createRepository("rollback.git", true);
        assertThat(publish(url, "dev", DIGEST_A).exit()).isZero();
        String treeA = git(server.path("rollback.git"), "rev-parse", "main:apps/slipway/dev")
                .trim();
        assertThat(publish(url, "dev", DIGEST_B).exit()).isZero();
        String beforeRollback = head("rollback.git", "main");

        CliRun rollback = cli(
                Map.of(),
                "rollback",
                "--env",
                "dev",
                "--steps",
                "1",
                "--repo",
                url,
                "--environments",
                environments().toString());
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        assertThat(git(server.path("rollback.git"), "rev-parse", "main:apps/slipway/dev")
                        .trim())
                .isEqualTo(treeA);
        assertThat(git(server.path("rollback.git"), "rev-parse", "main~1").trim())
                .isEqualTo(beforeRollback);
        assertThat(git(server.path("rollback.git"), "log", "-1", "--format=%s", "main"))
                .contains("roll back to");
        assertThat(cli(
                                Map.of(),
                                "rollback",
                                "--env",
                                "dev",
                                "--steps",
                                "9",
                                "--repo",
                                url,
                                "--environments",
                                environments().toString())
                        .exit())
                .isEqualTo(2);
    }

    @Test
    void rollbackRestoresOnlyAStateThatVerifiesAndItsDryRunSaysWhichAndWhatChanges() throws Exception {
        String url = server.createRepository("rollback-tampered.git", true);
        assertThat(publish(url, "staging", DIGEST_A).exit()).isZero();
        String published = head("rollback-tampered.git", "main");
        Path clone = cloneOf(url, "rollback-tampered");
        Files.writeString(
                clone.resolve("apps/slipway/staging/configmap.yaml"), "\n# tuned by hand\n", StandardOpenOption.APPEND);
        git(clone, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qam", "hand edit");
        git(clone, "push", "-q", "origin", "main");
        String handEdited = head("rollback-tampered.git", "main");
        assertThat(publish(url, "staging", DIGEST_B).exit()).isZero();

        String refsBefore = git(server.path("rollback-tampered.git"), "for-each-ref");
        CliRun refused = rollback(url, "--to", handEdited);
        assertThat(refused.exit()).isEqualTo(10);
        assertThat(refused.err().lines())
                .containsExactly(
                        "apps/slipway/staging/configmap.yaml: modified outside Slipway",
                        "rollback refused: apps/slipway/staging at " + handEdited.substring(0, 12)
                                + " does not hold what Slipway published, signed as its environment requires (see"
                                + " verify); nothing was pushed");
        assertThat(git(server.path("rollback-tampered.git"), "for-each-ref")).isEqualTo(refsBefore);

        CliRun dryRun = rollback(url, "--to", published, "--dry-run");
        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(dryRun.out())
                .startsWith("restoring apps/slipway/staging as of " + published + " (slipway/staging: deploy ")
                .contains(
                        "- **Deployment/slipway** changed",
                        "`registry.cn-hangzhou.aliyuncs.com/slipway/server@" + DIGEST_B + "` → "
                                + "`registry.cn-hangzhou.aliyuncs.com/slipway/server@" + DIGEST_A + "`",
                        "Rollback-To: " + published,
                        "\ndry run: would push ");
        assertThat(git(server.path("rollback-tampered.git"), "for-each-ref")).isEqualTo(refsBefore);
    }

    static CliRun rollback(String url, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "rollback",
                "--env",
                "staging",
                "--repo",
                url,
                "--environments",
                environments().toString()));
        args.addAll(List.of(extra));
        return cli(Map.of(), args.toArray(String[]::new));
    }

    @Test
    void aDecliningHookOrWrongCredentialsFailAndLeaveTheRemoteAsItWas() {
        String url = server.createRepository("declined.git", true);
        assertThat(publish(url, "dev", DIGEST_A).exit()).isZero();
        String before = head("declined.git", "main");
        server.hook("declined.git", "pre-receive", "echo 'deploys are frozen' >&2\nexit 1\n");
        CliRun declined = publish(url, "dev", DIGEST_B);
        assertThat(declined.exit()).isEqualTo(5);
        assertThat(declined.err()).contains("declined");
        assertThat(head("declined.git", "main")).isEqualTo(before);

        CliRun denied =
                cli(Map.of("SLIPWAY_GIT_TOKEN", "wrong-token"), publishArgs(url, environments(), "dev", DIGEST_B));
        assertThat(denied.exit()).isEqualTo(6);
        assertThat(denied.err()).contains("refused the credentials").doesNotContain("wrong-token", GitHttpServer.TOKEN);
        assertThat(head("declined.git", "main")).isEqualTo(before);
    }

    @Test
    void eightConcurrentPublishersNeverLoseACommit() throws Exception {
        String url = server.createRepository("race.git", true);
        List<Path> apps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path environments = Fixtures.environmentsCopy(temp.resolve("race-app" + i));
            Path base = environments.resolve("base.yaml");
            Fixtures.write(base, Fixtures.read(base).replace("  name: slipway\n", "  name: app" + i + "\n"));
            apps.add(environments);
        }
        // 4 apps x dev, plus app0/dev twice more (once identical, once a different image), plus app1 and app2 staging.
        List<String[]> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(publishArgs(url, apps.get(i), "dev", DIGEST_A));
        }
        runs.add(publishArgs(url, apps.get(0), "dev", DIGEST_A));
        runs.add(publishArgs(url, apps.get(0), "dev", DIGEST_B));
        runs.add(publishArgs(url, apps.get(1), "staging", DIGEST_A));
        runs.add(publishArgs(url, apps.get(2), "staging", DIGEST_B));
        List<CompletableFuture<CliRun>> started = runs.stream()
                .map(args -> CompletableFuture.supplyAsync(() -> cli(Map.of(), args)))
                .toList();
        for (CompletableFuture<CliRun> run : started) {
            CliRun result = run.get(180, TimeUnit.SECONDS);
            assertThat(result.exit()).as(result.err()).isZero();
        }
        git(server.path("race.git"), "fsck", "--strict");
        String files = git(server.path("race.git"), "ls-tree", "-r", "--name-only", "main");
        for (String folder : List.of(
                "apps/app0/dev",
                "apps/app1/dev",
                "apps/app2/dev",
                "apps/app3/dev",
                "apps/app1/staging",
                "apps/app2/staging")) {
            assertThat(files).contains(folder + "/.slipway.json");
        }
        assertThat(git(server.path("race.git"), "show", "main:apps/app2/staging/.slipway.json"))
                .contains(DIGEST_B);
        // app0/dev had two writers with different images: the folder holds whichever landed last, whole.
        String log = git(server.path("race.git"), "log", "--format=%s", "main", "--", "apps/app0/dev");
        String lastDigest = log.lines().findFirst().orElseThrow().contains("bbbbbbbbbbbb") ? DIGEST_B : DIGEST_A;
        assertThat(git(server.path("race.git"), "show", "main:apps/app0/dev/.slipway.json"))
                .contains(lastDigest);
        // Every distinct change is a commit: 4 + 2 staging + app0's second image (the identical rerun may no-op).
        int commits = Integer.parseInt(
                git(server.path("race.git"), "rev-list", "--count", "main").trim());
        assertThat(commits).isBetween(7, 8);
        if (kubectl()) {
            Path clone = cloneOf(url, "race");
            try (var folders = Files.list(clone.resolve("apps"))) {
                for (Path app : folders.toList()) {
                    try (var envs = Files.list(app)) {
                        for (Path env : envs.toList()) {
                            Process kustomize = new ProcessBuilder("kubectl", "kustomize", env.toString())
                                    .redirectErrorStream(true)
                                    .start();
                            String output = CliRun.read(kustomize.getInputStream());
                            assertThat(kustomize.waitFor())
                                    .as(env + ": " + output)
                                    .isZero();
                        }
                    }
                }
            }
        }
    }
}
