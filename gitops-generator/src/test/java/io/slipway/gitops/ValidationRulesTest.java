package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.slipway.gitops.validate.ManifestSet;
import io.slipway.gitops.validate.ManifestValidator;
import io.slipway.gitops.validate.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each rule, caught on a manifest broken in exactly that way; the rendered output itself is clean. */
class ValidationRulesTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static Map<String, String> dev;
    static Map<String, String> production;

    @BeforeAll
    static void render() throws Exception {
        dev = Fixtures.render("dev").files();
        production = Fixtures.render("production").files();
    }

    static List<String> problems(Map<String, String> files, boolean production) {
        return new ManifestValidator()
                .validate(ManifestSet.parse(files), production).stream()
                        .map(Problem::toString)
                        .toList();
    }

    /** The dev render with one file's object changed. */
    static Map<String, String> mutate(Map<String, String> base, String file, Consumer<ObjectNode> change) {
        Map<String, String> files = new TreeMap<>(base);
        try {
            ObjectNode node = (ObjectNode) YAML.readTree(files.get(file));
            change.accept(node);
            files.put(file, YAML.writeValueAsString(node));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment.at("/spec/template/spec/containers/0");
    }

    static void assertRule(Map<String, String> files, boolean production, String expected) {
        assertThat(problems(files, production))
                .as(expected)
                .anySatisfy(p -> assertThat(p).contains(expected));
    }

    @Test
    void renderedEnvironmentsAreClean() {
        assertThat(problems(dev, false)).isEmpty();
        assertThat(problems(production, true)).isEmpty();
    }

    @Test
    void schemaCatchesMisspelledFieldsWrongTypesAndUnknownKinds() {
        Map<String, String> files = mutate(dev, "deployment.yaml", d -> {
            ((ObjectNode) d.get("spec")).put("replicass", 3).put("revisionHistoryLimit", "5");
            container(d).put("imagePullPolicyy", "Always");
        });
        assertThat(problems(files, false))
                .contains(
                        "deployment.yaml: Deployment/slipway: schema: spec.replicass: unknown field",
                        "deployment.yaml: Deployment/slipway: schema: spec.revisionHistoryLimit: expected integer, got string \"5\"",
                        "deployment.yaml: Deployment/slipway: schema: spec.template.spec.containers[0].imagePullPolicyy: unknown field");
        assertRule(
                mutate(dev, "service.yaml", s -> s.put("kind", "Servise")),
                false,
                "schema: unknown kind Servise in v1");
        assertRule(
                mutate(dev, "configmap.yaml", c -> ((ObjectNode) c.get("data")).put("N", 3)),
                false,
                "ConfigMap/slipway-config: schema: data.N: expected string");
        assertRule(
                mutate(dev, "externalsecret.yaml", e -> ((ObjectNode) e.at("/spec/data/0")).remove("key")),
                false,
                "ExternalSecret/slipway-secrets: schema: spec.data[0]: required property 'key' not found");
        assertRule(
                mutate(dev, "servicemonitor.yaml", m -> ((ObjectNode) m.get("spec")).put("endpoint", "x")),
                false,
                "ServiceMonitor/slipway: schema: spec.endpoint: unknown field");
    }

    /**
     * The operators' and Argo CD's kinds are held to the CRDs their projects publish: a field the CRD
     * has is accepted even where Slipway's templates never write it, a field it lacks is not.
     */
    @Test
    void crdKindsFollowTheirUpstreamCrdsStrictly() {
        Map<String, String> upstreamFields = mutate(dev, "externalsecret.yaml", e -> {
            ObjectNode item = (ObjectNode) e.at("/spec/data/0");
            item.put("versionId", "v1");
            item.putArray("jmesPath").addObject().put("path", "password").put("objectAlias", "DATABASE_PASSWORD");
        });
        assertThat(problems(upstreamFields, false)).isEmpty();
        assertThat(problems(
                        mutate(
                                dev,
                                "externalsecret.yaml",
                                e -> ((ObjectNode) e.at("/spec/data/0")).put("versionStagee", "x")),
                        false))
                .containsExactly(
                        "externalsecret.yaml: ExternalSecret/slipway-secrets: schema: spec.data[0]: property "
                                + "'versionStagee' is not defined in the schema and the schema does not allow additional properties");
        // What the templates once wrote: a field ack-secret-manager's CRD does not have, which the API server
        // would have dropped without a word.
        assertThat(problems(
                        mutate(
                                dev,
                                "secretstore.yaml",
                                s -> ((ObjectNode) s.at("/spec/KMS/KMSAuth"))
                                        .putObject("serviceAccountRef")
                                        .put("name", "slipway")),
                        false))
                .containsExactly("secretstore.yaml: "
                        + "SecretStore/slipway-kms: schema: spec.KMS.KMSAuth: property 'serviceAccountRef' is not defined in the "
                        + "schema and the schema does not allow additional properties");
    }

    @Test
    void argoCdKindsFollowTheirUpstreamCrds() {
        String project = """
                apiVersion: argoproj.io/v1alpha1
                kind: AppProject
                metadata: {name: p}
                spec:
                  sourceNamespaces: [argocd]
                  sourceIntegrity: {git: {policies: [{repos: [{url: "https://git.example/config.git"}], gpg: {mode: head, keys: []}}]}}
                  signatureKeys: [{keyID: 4AEE18F83AFDEB23}]
                  syncWindows: [{kind: allow, schedule: "* * * * *", duration: 1h, andOperator: true}]
                """;
        assertThat(problems(Map.of("project.yaml", project), false)).isEmpty();
        assertThat(problems(
                        Map.of("project.yaml", project.replace("signatureKeys: [{keyID:", "signatureKeys: [{keyId:")),
                        false))
                .containsExactly(
                        "project.yaml: AppProject/p: schema: spec.signatureKeys[0]: property 'keyId' is not "
                                + "defined in the schema and the schema does not allow additional properties",
                        "project.yaml: AppProject/p: schema: spec.signatureKeys[0]: required property 'keyID' not found");
    }

    @Test
    void logCollectionFollowsTheDocumentedPipelineConfig() {
        // Plugins take whatever parameters their Type defines; the resource around them is strict.
        assertThat(problems(
                        mutate(
                                dev,
                                "log-collection.yaml",
                                c -> ((ObjectNode) c.at("/spec/config/inputs/0"))
                                        .put("K8sContainerRegex", "^slipway$")),
                        false))
                .isEmpty();
        assertThat(problems(
                        mutate(dev, "log-collection.yaml", c -> ((ObjectNode) c.at("/spec/logstores/0")).put("tll", 7)),
                        false))
                .containsExactly(
                        "log-collection.yaml: ClusterAliyunPipelineConfig/slipway-dev-stdout: schema: "
                                + "spec.logstores[0]: property 'tll' is not defined in the schema and the schema does not allow additional properties");
        assertThat(problems(
                        mutate(dev, "log-collection.yaml", c -> ((ObjectNode) c.at("/spec/config")).remove("flushers")),
                        false))
                .containsExactly("log-collection.yaml: ClusterAliyunPipelineConfig/slipway-dev-stdout: schema: "
                        + "spec.config: required property 'flushers' not found");
        assertThat(problems(
                        mutate(
                                dev,
                                "log-collection.yaml",
                                c -> ((ObjectNode) c.at("/spec/project")).put("name", "Slipway_Dev")),
                        false))
                .singleElement()
                .asString()
                .startsWith("log-collection.yaml: ClusterAliyunPipelineConfig/slipway-dev-stdout: "
                        + "schema: spec.project.name: does not match the regex pattern");
    }

    @Test
    void schemaReadsEachFieldAsTheApiServerDoes() {
        Map<String, String> files = mutate(dev, "deployment.yaml", d -> {
            ((ObjectNode) d.get("metadata")).put("labelz", "x");
            ((ObjectNode) d.get("spec"))
                    .put("replicas", 2.5)
                    .put("paused", "true")
                    .put("minReadySeconds", 3_000_000_000L);
            ObjectNode c = container(d);
            c.putObject("startupProbe")
                    .putObject("httpGet")
                    .put("path", "/health/live")
                    .putArray("port");
            ((ObjectNode) c.at("/resources/limits")).putArray("memory").add("1Gi");
            c.put("ports", "8080");
            c.putNull("workingDir");
            c.putObject("readinessProbe")
                    .putObject("httpGet")
                    .put("path", "/ready")
                    .put("port", "http");
            c.putObject("livenessProbe").putObject("tcpSocket").put("port", 8080);
        });
        assertThat(problems(files, false))
                .filteredOn(p -> p.contains(": schema: "))
                .containsExactlyInAnyOrder(
                        "deployment.yaml: Deployment/slipway: schema: metadata.labelz: unknown field",
                        "deployment.yaml: Deployment/slipway: schema: spec.replicas: expected integer, got number 2.5",
                        "deployment.yaml: Deployment/slipway: schema: spec.paused: expected boolean, got string \"true\"",
                        "deployment.yaml: Deployment/slipway: schema: spec.minReadySeconds: expected integer, got integer 3000000000",
                        "deployment.yaml: Deployment/slipway: schema: spec.template.spec.containers[0].startupProbe.httpGet.port: "
                                + "expected integer or string, got list",
                        "deployment.yaml: Deployment/slipway: schema: spec.template.spec.containers[0].resources.limits.memory: "
                                + "expected quantity (string or number), got list",
                        "deployment.yaml: Deployment/slipway: schema: spec.template.spec.containers[0].ports: expected list, got string \"8080\"");
        assertRule(
                mutate(dev, "service.yaml", s -> s.putArray("spec")),
                false,
                "Service/slipway: schema: spec: expected object (ServiceSpec), got list");
    }

    @Test
    void podSecurityRestrictedProfile() {
        assertRule(
                mutate(
                        dev,
                        "deployment.yaml",
                        d -> ((ObjectNode) container(d).get("securityContext")).put("allowPrivilegeEscalation", true)),
                false,
                "pod-security: container slipway: securityContext.allowPrivilegeEscalation must be false");
        assertRule(
                mutate(
                        dev,
                        "deployment.yaml",
                        d -> ((ObjectNode) container(d).get("securityContext")).put("runAsUser", 0)),
                false,
                "runAsUser must be a numeric, non-zero user id");
        assertRule(
                mutate(
                        dev,
                        "deployment.yaml",
                        d -> ((ObjectNode) container(d).at("/securityContext/capabilities"))
                                .putArray("drop")
                                .add("NET_RAW")),
                false,
                "capabilities.drop must contain ALL");
        assertRule(
                mutate(
                        dev,
                        "deployment.yaml",
                        d -> ((ObjectNode) d.at("/spec/template/spec")).put("hostNetwork", true)),
                false,
                "pod-security: hostNetwork must not be true");
        assertRule(
                mutate(
                        dev,
                        "deployment.yaml",
                        d -> ((ArrayNode) d.at("/spec/template/spec/volumes"))
                                .addObject()
                                .put("name", "host")
                                .putObject("hostPath")
                                .put("path", "/")),
                false,
                "hostPath volumes are not allowed");
        assertThat(problems(
                        mutate(
                                dev,
                                "migration-job.yaml",
                                j -> ((ObjectNode) j.at("/spec/template/spec/containers/0/securityContext"))
                                        .remove("seccompProfile")),
                        false))
                .as("the pod-level profile still applies")
                .isEmpty();
        assertRule(
                mutate(dev, "migration-job.yaml", j -> {
                    ((ObjectNode) j.at("/spec/template/spec/containers/0/securityContext")).remove("seccompProfile");
                    ((ObjectNode) j.at("/spec/template/spec/securityContext")).remove("seccompProfile");
                }),
                false,
                "Job/slipway-migrate: pod-security: container migrate: seccompProfile.type");
        assertRule(
                mutate(
                        dev,
                        "deployment.yaml",
                        d -> ((ObjectNode) container(d).get("securityContext")).put("readOnlyRootFilesystem", false)),
                false,
                "read-only-root");
        assertRule(
                mutate(
                        dev,
                        "namespace.yaml",
                        n -> ((ObjectNode) n.at("/metadata/labels"))
                                .put("pod-security.kubernetes.io/enforce", "baseline")),
                false,
                "namespace-pod-security");
    }

    @Test
    void probesResourcesAndImages() {
        assertRule(
                mutate(dev, "deployment.yaml", d -> container(d).remove("readinessProbe")),
                false,
                "probes: container slipway: readinessProbe is missing");
        assertRule(
                mutate(dev, "deployment.yaml", d -> ((ObjectNode) container(d).get("resources")).remove("limits")),
                false,
                "resources: container slipway: resources.limits.memory is missing");
        assertRule(
                mutate(
                        dev,
                        "deployment.yaml",
                        d -> container(d).put("image", "registry.cn-hangzhou.aliyuncs.com/slipway/server:latest")),
                false,
                "image: container slipway: registry.cn-hangzhou.aliyuncs.com/slipway/server:latest: the tag latest is mutable");
        assertRule(
                mutate(
                        dev,
                        "deployment.yaml",
                        d -> container(d).put("image", "registry.cn-hangzhou.aliyuncs.com/slipway/server")),
                false,
                "untagged image");
        assertRule(
                mutate(
                        production,
                        "deployment.yaml",
                        d -> container(d).put("image", "registry.cn-hangzhou.aliyuncs.com/slipway/server:1.0")),
                true,
                "production images must be pinned by @sha256 digest");
    }

    @Test
    void noSecretData() {
        Map<String, String> files = new TreeMap<>(dev);
        files.put(
                "secret.yaml",
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: leaked\n  namespace: slipway-dev\ndata:\n  password: aHVudGVyMg==\n");
        assertRule(files, false, "secret.yaml: Secret/leaked: no-secret");
        assertRule(files, false, "kustomization: secret.yaml is not listed in resources");
    }

    @Test
    void selectorsAndReferencesMustResolve() {
        assertRule(
                mutate(
                        dev,
                        "service.yaml",
                        s -> ((ObjectNode) s.at("/spec/selector")).put("app.kubernetes.io/name", "other")),
                false,
                "Service/slipway: selector: spec.selector");
        assertRule(
                mutate(dev, "pdb.yaml", p -> ((ObjectNode) p.at("/spec/selector/matchLabels")).put("tier", "x")),
                false,
                "PodDisruptionBudget/slipway: selector: spec.selector matches no workload");
        assertRule(
                mutate(
                        dev,
                        "networkpolicy.yaml",
                        n -> ((ObjectNode) n.at("/spec/podSelector/matchLabels")).put("tier", "x")),
                false,
                "NetworkPolicy/slipway: selector: spec.podSelector matches no pod template");
        assertRule(
                mutate(production, "hpa.yaml", h -> ((ObjectNode) h.at("/spec/scaleTargetRef")).put("name", "gone")),
                true,
                "HorizontalPodAutoscaler/slipway: selector: spec.scaleTargetRef Deployment/gone does not exist");
        assertRule(
                mutate(
                        dev,
                        "servicemonitor.yaml",
                        m -> ((ObjectNode) m.at("/spec/endpoints/0")).put("port", "metrics")),
                false,
                "ServiceMonitor/slipway: selector: endpoint port metrics is not a port name");
        assertRule(
                mutate(dev, "deployment.yaml", d -> ((ObjectNode) d.at("/spec/selector/matchLabels")).put("x", "y")),
                false,
                "Deployment/slipway: selector: spec.selector.matchLabels does not match");
    }

    @Test
    void ingressBackendAndTls() {
        assertRule(
                mutate(
                        dev,
                        "ingress.yaml",
                        i -> ((ObjectNode) i.at("/spec/rules/0/http/paths/0/backend/service")).put("name", "nope")),
                false,
                "Ingress/slipway: ingress-backend: backend Service nope does not exist");
        assertRule(
                mutate(
                        dev,
                        "ingress.yaml",
                        i -> ((ObjectNode) i.at("/spec/rules/0/http/paths/0/backend/service/port"))
                                .put("name", "grpc")),
                false,
                "backend port grpc is not a port of Service slipway");
        assertRule(mutate(dev, "ingress.yaml", i -> ((ObjectNode) i.get("spec")).remove("tls")), false, "ingress-tls");
    }

    @Test
    void autoscalingDisruptionAndAvailability() {
        assertRule(
                mutate(production, "deployment.yaml", d -> ((ObjectNode) d.get("spec")).put("replicas", 3)),
                true,
                "hpa-replicas: spec.replicas is set but HorizontalPodAutoscaler/slipway owns the replica count");
        assertRule(
                mutate(dev, "pdb.yaml", p -> ((ObjectNode) p.get("spec")).put("maxUnavailable", 0)),
                false,
                "pdb: maxUnavailable 0 blocks every eviction");
        assertRule(
                mutate(
                        dev,
                        "pdb.yaml",
                        p -> ((ObjectNode) p.get("spec")).put("minAvailable", 1).remove("maxUnavailable")),
                false,
                "pdb: minAvailable 1 >= the 1 replicas of Deployment/slipway");
        assertRule(
                mutate(production, "hpa.yaml", h -> ((ObjectNode) h.get("spec")).put("minReplicas", 1)),
                true,
                "availability: production needs at least 2 replicas");
        Map<String, String> noPdb = new TreeMap<>(production);
        noPdb.remove("pdb.yaml");
        assertRule(noPdb, true, "availability: production needs a PodDisruptionBudget");
        assertThat(problems(dev, true)).anySatisfy(p -> assertThat(p).contains("availability"));
    }

    @Test
    void kustomizationAndYamlErrors() {
        Map<String, String> files = new TreeMap<>(dev);
        files.put(
                "kustomization.yaml",
                files.get("kustomization.yaml").replace("  - pdb.yaml\n", "") + "  - missing.yaml\n");
        assertRule(files, false, "kustomization: pdb.yaml is not listed in resources");
        assertRule(files, false, "kustomization: resource missing.yaml does not exist");
        files = new TreeMap<>(dev);
        files.put("broken.yaml", "kind: [unclosed\n");
        assertRule(files, false, "broken.yaml: -: yaml: not valid YAML: while parsing a flow sequence");
    }

    @Test
    void theSeedsExampleManifestsAreJudgedByTheSameRules() throws Exception {
        ManifestSet seeds = ManifestSet.read(Path.of("src/test/resources/seeds-k8s"));
        List<String> found = new ManifestValidator()
                .validate(seeds, false).stream().map(Problem::toString).toList();
        assertThat(found)
                .contains(
                        "secret.yaml: Secret/python-api-secret: no-secret: Secret objects would put secret data in git; render an ExternalSecret instead",
                        "namespace.yaml: Namespace/python-api: namespace-pod-security: label pod-security.kubernetes.io/enforce must be restricted")
                .anySatisfy(p -> assertThat(p).startsWith("deployment.yaml: Deployment/python-api: hpa-replicas"))
                .anySatisfy(p -> assertThat(p)
                        .startsWith("logtail-config.yaml: AliyunLogConfig/python-api-logs: schema: unknown kind"));
        JsonNode seedsService = YAML.readTree(Fixtures.read(Path.of("src/test/resources/seeds-k8s/service.yaml")));
        assertThat(found)
                .noneSatisfy(p -> assertThat(p)
                        .startsWith("service.yaml: Service/"
                                + seedsService.at("/metadata/name").asText() + ": schema"));
    }
}
