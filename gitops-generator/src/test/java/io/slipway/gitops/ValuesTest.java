package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.gitops.values.EnvironmentValues;
import io.slipway.gitops.values.ValuesException;
import io.slipway.gitops.values.ValuesLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values files: deep merge, and an error naming file, key and reason for every bad value. */
class ValuesTest {

    @TempDir
    Path temp;

    Path environments;

    @BeforeEach
    void copy() {
        environments = Fixtures.environmentsCopy(temp);
    }

    List<String> problems(String environment) {
        try {
            new ValuesLoader(environments).load(environment);
            throw new AssertionError("expected a ValuesException");
        } catch (ValuesException e) {
            return e.problems();
        }
    }

    void append(String file, String yaml) {
        Path path = environments.resolve(file);
        Fixtures.write(path, Fixtures.read(path) + yaml);
    }

    @Test
    void environmentFilesOverrideBaseByDeepMerge() throws Exception {
        EnvironmentValues staging = new ValuesLoader(environments).load("staging");
        assertThat(staging.section("ingress")).containsEntry("host", "staging.platform.io");
        assertThat(staging.ingress().className()).isEqualTo("alb");
        assertThat(staging.replicas()).isEqualTo(2);
        assertThat(staging.isProduction()).isFalse();
        assertThat(new ValuesLoader(environments).load("production").publish().mode())
                .isEqualTo(EnvironmentValues.Publish.Mode.MERGE_REQUEST);
        assertThat(staging.sha256())
                .hasSize(64)
                .isEqualTo(new ValuesLoader(environments).load("staging").sha256());
    }

    @Test
    void unknownKeysAreNamedWithTheirFile() {
        append("dev.yaml", "replcas: 3\ningress:\n  hots: x.example.com\n");
        assertThat(problems("dev"))
                .containsExactly(
                        "environments/dev.yaml: ingress.hots: unknown key; did you mean ingress.host?",
                        "environments/dev.yaml: replcas: unknown key; did you mean replicas?");
        append("dev.yaml", "zzzzzzzz: 1\n");
        assertThat(problems("dev")).contains("environments/dev.yaml: zzzzzzzz: unknown key");
    }

    @Test
    void anEnvironmentThatDoesNotExistIsNamedWithTheOnesThatDo() {
        assertThat(problems("prod"))
                .containsExactly("environments/prod.yaml: file not found; did you mean --env production?;"
                        + " environments in environments/: dev, production, staging");
        assertThat(problems("base"))
                .containsExactly("--env base: base.yaml holds the defaults every environment shares, not an"
                        + " environment; environments in environments/: dev, production, staging");
        assertThatThrownBy(() -> new ValuesLoader(temp.resolve("nowhere")).load("dev"))
                .isInstanceOf(ValuesException.class)
                .hasMessageStartingWith("--environments " + temp.resolve("nowhere") + ": no such folder in ")
                .hasMessageEndingWith("; run from the source repository's root or pass --environments DIR");
    }

    @Test
    void wrongTypesAreNamed() {
        append("dev.yaml", "replicas: three\nautoscaling:\n  enabled: \"yes\"\n");
        assertThat(problems("dev"))
                .anySatisfy(p -> assertThat(p)
                        .startsWith("environments/dev.yaml: replicas: ")
                        .contains("integer"))
                .anySatisfy(p -> assertThat(p)
                        .startsWith("environments/dev.yaml: autoscaling.enabled: ")
                        .contains("boolean"));
    }

    @Test
    void missingRequiredKeysAreNamed() {
        Fixtures.write(
                environments.resolve("base.yaml"),
                Fixtures.read(environments.resolve("base.yaml")).replace("  metricsPath: /prometheus\n", ""));
        assertThat(problems("dev"))
                .containsExactly(
                        "environments/dev.yaml: app.metricsPath: required key is missing (set it in base.yaml or dev.yaml)");
    }

    @Test
    void badValuesInBaseAreBlamedOnBase() {
        Fixtures.write(
                environments.resolve("base.yaml"),
                Fixtures.read(environments.resolve("base.yaml")).replace("className: alb", "className: traefik"));
        assertThat(problems("dev"))
                .singleElement()
                .asString()
                .startsWith("environments/base.yaml: ingress.className: ");
    }

    @Test
    void crossFieldRulesAndFileErrors() {
        append("dev.yaml", "shutdown:\n  terminationGracePeriodSeconds: 10\n");
        assertThat(problems("dev"))
                .singleElement()
                .asString()
                .startsWith("environments/dev.yaml: shutdown.terminationGracePeriodSeconds: must exceed");
        assertThat(problems("qa"))
                .containsExactly("environments/qa.yaml: file not found; environments in environments/: dev,"
                        + " production, staging");
        assertThat(problems("../etc")).singleElement().asString().contains("not an environment name");
        Fixtures.write(environments.resolve("broken.yaml"), "environment: broken\nnamespace: [unclosed\n");
        assertThat(problems("broken")).singleElement().asString().startsWith("environments/broken.yaml: line ");
        Fixtures.write(environments.resolve("twice.yaml"), "environment: twice\nnamespace: a\nnamespace: b\n");
        assertThat(problems("twice")).singleElement().asString().contains("Duplicate field 'namespace'");
    }

    @Test
    void aTraceEndpointNeedsAnEgressOnItsPort() {
        append("dev.yaml", "tracing:\n  endpoint: https://collector.example.com/v1/traces\n");
        assertThat(problems("dev"))
                .containsExactly("environments/dev.yaml: tracing.egress: required with tracing.endpoint (the CIDRs the"
                        + " endpoint's host resolves to, and its port), or the NetworkPolicy blocks every span");
        append("dev.yaml", "  egress: {cidrs: [10.0.30.0/24], port: 4318}\n");
        assertThat(problems("dev"))
                .containsExactly("environments/dev.yaml: tracing.egress.port: 4318 is not the port of tracing.endpoint"
                        + " (443)");
        Path dev = environments.resolve("dev.yaml");
        Fixtures.write(dev, Fixtures.read(dev).replace("samplingRatio: 1\n", "") + "  samplingRatio: 2\n");
        assertThat(problems("dev"))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("environments/dev.yaml: tracing.samplingRatio: must have a maximum value of 1"));
    }

    @Test
    void aPromotionGateMayNotBeLaxerThanItsAlert() {
        append(
                "production.yaml",
                "promotion:\n  gates: {maxErrorRatio: 0.2, maxP99LatencySeconds: 5, soak: 15 minutes}\n");
        assertThat(problems("production"))
                .containsExactlyInAnyOrder(
                        "environments/production.yaml: promotion.gates.maxErrorRatio: must not exceed monitoring.errorRateThreshold (0.05)",
                        "environments/production.yaml: promotion.gates.maxP99LatencySeconds: must not exceed "
                                + "monitoring.p99LatencySecondsThreshold (1)",
                        "environments/production.yaml: promotion.gates.soak: does not match the regex pattern ^[1-9][0-9]*(s|m|h)$");
    }

    @Test
    void aPromotionWindowNamesItsScheduleAndTimeZoneProblems() {
        append(
                "production.yaml",
                "promotion:\n  windows:\n    - {kind: allow, schedule: \"0 25 * * 1-4\", duration: 6h, timeZone: Mars/Olympus}\n"
                        + "    - {kind: freeze, schedule: \"0 1 * * *\", duration: 6 hours, timeZone: UTC}\n");
        assertThat(problems("production"))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("environments/production.yaml: promotion.windows[0].schedule: not a cron schedule"))
                .contains(
                        "environments/production.yaml: promotion.windows[0].timeZone: not a time zone (an IANA name such"
                                + " as Asia/Shanghai or UTC)")
                .anySatisfy(problem ->
                        assertThat(problem).startsWith("environments/production.yaml: promotion.windows[1].kind: "))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("environments/production.yaml: promotion.windows[1].duration: "));
    }

    @Test
    void aDurationTooLongToBeMeantIsRefusedBeforeItCanOverflow() {
        append(
                "production.yaml",
                "promotion:\n  windows:\n"
                        + "    - {kind: allow, schedule: \"0 1 * * 1-4\", duration: 99999999999999999999h, timeZone: UTC}\n"
                        + "    - {kind: deny, schedule: \"0 1 * * *\", duration: 9223372036854775807m, timeZone: UTC}\n"
                        + "    - {kind: deny, schedule: \"0 1 * * *\", duration: 8784h, timeZone: UTC}\n"
                        + "  rolloutDeadline: 8785h\n");
        assertThat(problems("production"))
                .containsExactly(
                        "environments/production.yaml: promotion.rolloutDeadline: 8785h is longer than a year; at most"
                                + " 8784h",
                        "environments/production.yaml: promotion.windows[0].duration: 99999999999999999999h is longer"
                                + " than a year; at most 8784h",
                        "environments/production.yaml: promotion.windows[1].duration: 9223372036854775807m is longer"
                                + " than a year; at most 8784h");
    }

    @Test
    void aValueHoldingALineBreakOrControlCharacterIsRefused() {
        Path staging = environments.resolve("staging.yaml");
        Fixtures.write(
                staging,
                Fixtures.read(staging)
                        .replace(
                                "config:\n",
                                "config:\n  DATABASE_USER: \"slipway\\nRollback-Of: c64bfa\"\n"
                                        + "  LOG_LEVEL: \"INFO\\u001b[2J\"\n"));
        assertThat(problems("staging"))
                .contains(
                        "environments/staging.yaml: config.DATABASE_USER: holds a line break or control character"
                                + " (\"slipway\\nRollback-Of: c64bfa\"); every value Slipway renders is one line of plain"
                                + " text",
                        "environments/staging.yaml: config.LOG_LEVEL: holds a line break or control character"
                                + " (\"INFO\\x1b[2J\"); every value Slipway renders is one line of plain text");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        append("dev.yaml", "replicas: 0\nunknown: 1\nimage:\n  repository: docker.io/library/nginx\n");
        assertThat(problems("dev")).hasSize(3);
    }

    @Test
    void imageMustMatchTheEnvironmentAndProductionNeedsADigest() {
        Generator generator = new Generator(environments);
        assertThatThrownBy(() -> generator.render("dev", "docker.io/library/nginx:1.25", Fixtures.COMMIT))
                .isInstanceOf(ValuesException.class)
                .hasMessageContaining("repository differs");
        assertThatThrownBy(() ->
                        generator.render("dev", "registry.cn-hangzhou.aliyuncs.com/slipway/server", Fixtures.COMMIT))
                .hasMessageContaining("untagged");
        assertThatThrownBy(() -> generator.render(
                        "dev", "registry.cn-hangzhou.aliyuncs.com/slipway/server:latest", Fixtures.COMMIT))
                .hasMessageContaining("latest");
        assertThatThrownBy(() -> generator.render(
                        "production", "registry.cn-hangzhou.aliyuncs.com/slipway/server:1.2.3", Fixtures.COMMIT))
                .hasMessageContaining("pinned by digest");
    }
}
