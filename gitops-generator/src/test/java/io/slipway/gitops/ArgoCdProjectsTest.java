package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.slipway.gitops.values.ValuesLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD side of signed commits agrees with the values: the environments that require signing
 * are exactly those synced by the production project, whose {@code sourceIntegrity} GPG keys are exactly the
 * primary keys the project trusts ({@code environments/trusted-signers/openpgp.asc}); both projects
 * allow the same sources and kinds.
 */
class ArgoCdProjectsTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path ARGOCD = Path.of("..", "argocd");

    @Test
    void productionSyncsOnlyCommitsSignedByTheTrustedKeys() throws Exception {
        JsonNode production =
                YAML.readTree(ARGOCD.resolve("appproject-production.yaml").toFile());
        TreeSet<String> listed = new TreeSet<>();
        JsonNode policy = production.at("/spec/sourceIntegrity/git/policies").get(0);
        assertThat(production.at("/spec/sourceIntegrity/git/policies").size()).isOne();
        assertThat(policy.at("/repos/0/url").asText())
                .isEqualTo(production.at("/spec/sourceRepos/0").asText());
        // head: the commit Argo CD syncs is the tip, Slipway's signed commit after a fast-forward merge.
        assertThat(policy.at("/gpg/mode").asText()).isEqualTo("head");
        policy.at("/gpg/keys").forEach(key -> listed.add(key.asText()));
        assertThat(listed)
                .as(
                        "sourceIntegrity keys of %s",
                        production.at("/metadata/name").asText())
                .isEqualTo(trustedKeyIds(Fixtures.ENVIRONMENTS.resolve("trusted-signers/openpgp.asc")));
        assertThat(production.at("/spec/signatureKeys").isMissingNode())
                .as("deprecated in Argo CD 3.5")
                .isTrue();
        assertThat(YAML.readTree(ARGOCD.resolve("appproject.yaml").toFile())
                        .at("/spec/sourceIntegrity")
                        .isMissingNode())
                .isTrue();
    }

    @Test
    void theEnvironmentsThatRequireSigningAreTheOnesTheProductionProjectSyncs() throws Exception {
        List<String> signed = new ArrayList<>();
        try (Stream<Path> files = Files.list(Fixtures.ENVIRONMENTS)) {
            for (Path file : files.map(Path::getFileName)
                    .filter(f -> f.toString().endsWith(".yaml"))
                    .sorted()
                    .toList()) {
                String environment = file.toString().replace(".yaml", "");
                if (!file.toString().equals(ValuesLoader.BASE)
                        && new ValuesLoader(Fixtures.ENVIRONMENTS)
                                .load(environment)
                                .publish()
                                .signing()) {
                    signed.add(environment);
                }
            }
        }
        assertThat(signed).containsExactly("production");
        JsonNode applicationSet =
                YAML.readTree(ARGOCD.resolve("applicationset.yaml").toFile());
        assertThat(applicationSet.at("/spec/template/spec/project").asText())
                .isEqualTo("{{ if eq .path.basename \"production\" }}slipway-production{{ else }}slipway{{ end }}");
    }

    /**
     * One source for when production changes: the project's sync windows are production's
     * promotion windows (kind, schedule, duration, time zone), so promote and Argo CD agree.
     */
    @Test
    void theProductionSyncWindowsAreProductionsPromotionWindows() throws Exception {
        JsonNode production =
                YAML.readTree(ARGOCD.resolve("appproject-production.yaml").toFile());
        List<String> synced = new ArrayList<>();
        production.at("/spec/syncWindows").forEach(window -> {
            synced.add(
                    window.path("kind").asText() + " " + window.path("schedule").asText() + " "
                            + window.path("duration").asText() + " "
                            + window.path("timeZone").asText());
            assertThat(window.path("applications").toString()).isEqualTo("[\"slipway-production\"]");
        });
        List<String> promoted = new ValuesLoader(Fixtures.ENVIRONMENTS)
                .load("production").promotionWindows().stream()
                        .map(window -> window.kind().name().toLowerCase(Locale.ROOT) + " " + window.schedule() + " "
                                + window.duration() + " " + window.timeZone())
                        .toList();
        assertThat(promoted).isNotEmpty();
        assertThat(synced).isEqualTo(promoted);
    }

    @Test
    void bothProjectsAllowTheSameSourcesAndKinds() throws Exception {
        JsonNode others = YAML.readTree(ARGOCD.resolve("appproject.yaml").toFile());
        JsonNode production =
                YAML.readTree(ARGOCD.resolve("appproject-production.yaml").toFile());
        for (String field : List.of(
                "/spec/sourceRepos",
                "/spec/clusterResourceWhitelist",
                "/spec/namespaceResourceWhitelist",
                "/spec/orphanedResources")) {
            assertThat(production.at(field)).as(field).isEqualTo(others.at(field));
        }
    }

    @Test
    void theProjectsAllowExactlyTheClusterScopedKindsSlipwayRendersAndEveryNamespacedOne() throws Exception {
        TreeSet<String> clusterScoped = new TreeSet<>();
        TreeSet<String> namespaced = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Fixtures.GOLDEN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                JsonNode manifest = YAML.readTree(file.toFile());
                if (manifest.path("kind").asText().equals("Kustomization")) {
                    continue;
                }
                String apiVersion = manifest.path("apiVersion").asText();
                String kind = (apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "") + "/"
                        + manifest.path("kind").asText();
                (manifest.at("/metadata/namespace").isMissingNode() ? clusterScoped : namespaced).add(kind);
            }
        }
        JsonNode project = YAML.readTree(ARGOCD.resolve("appproject.yaml").toFile());
        assertThat(clusterScoped)
                .containsExactly("/Namespace", "telemetry.alibabacloud.com/ClusterAliyunPipelineConfig");
        assertThat(kinds(project.at("/spec/clusterResourceWhitelist"))).isEqualTo(clusterScoped);
        assertThat(kinds(project.at("/spec/namespaceResourceWhitelist"))).containsAll(namespaced);
    }

    private static SortedSet<String> kinds(JsonNode whitelist) {
        TreeSet<String> kinds = new TreeSet<>();
        whitelist.forEach(entry -> kinds.add(
                entry.path("group").asText() + "/" + entry.path("kind").asText()));
        return kinds;
    }

    /** The 16-digit long IDs of the primary keys in an armored key file; none when it is absent. */
    static SortedSet<String> trustedKeyIds(Path file) throws Exception {
        TreeSet<String> ids = new TreeSet<>();
        if (Files.exists(file)) {
            try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
                for (PGPPublicKeyRing ring : new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator())) {
                    ids.add(String.format("%016X", ring.getPublicKey().getKeyID()));
                }
            }
        }
        return ids;
    }
}
