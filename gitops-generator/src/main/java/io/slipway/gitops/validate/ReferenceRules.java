package io.slipway.gitops.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Rules between objects: selectors select something that exists, references point at objects
 * that exist, an HPA owns its Deployment's replica count, a PDB never blocks every eviction, and
 * production workloads survive losing a pod.
 */
final class ReferenceRules {

    private final List<Manifest> manifests;

    ReferenceRules(List<Manifest> manifests) {
        this.manifests = manifests;
    }

    void check(boolean production, Consumer<Problem> problems) {
        for (Manifest m : manifests) {
            switch (m.kind()) {
                case "Namespace" -> namespace(m, problems);
                case "Secret" ->
                    problems.accept(m.problem(
                            "no-secret",
                            "Secret objects would put secret data in git; render an ExternalSecret instead"));
                case "Deployment" -> deployment(m, production, problems);
                case "Service" -> service(m, problems);
                case "PodDisruptionBudget" -> pdb(m, problems);
                case "NetworkPolicy" -> networkPolicy(m, problems);
                case "HorizontalPodAutoscaler" -> hpa(m, problems);
                case "ServiceMonitor" -> serviceMonitor(m, problems);
                case "Ingress" -> ingress(m, problems);
                default -> {}
            }
        }
    }

    private static void namespace(Manifest m, Consumer<Problem> problems) {
        if (!"restricted"
                .equals(m.node()
                        .path("metadata")
                        .path("labels")
                        .path("pod-security.kubernetes.io/enforce")
                        .asText())) {
            problems.accept(
                    m.problem("namespace-pod-security", "label pod-security.kubernetes.io/enforce must be restricted"));
        }
    }

    private void deployment(Manifest m, boolean production, Consumer<Problem> problems) {
        JsonNode spec = m.node().path("spec");
        if (!selects(
                spec.path("selector").path("matchLabels"),
                spec.path("template").path("metadata").path("labels"))) {
            problems.accept(
                    m.problem("selector", "spec.selector.matchLabels does not match the pod template's labels"));
        }
        Optional<Manifest> hpa = autoscalerOf(m);
        if (hpa.isPresent() && spec.has("replicas")) {
            problems.accept(m.problem(
                    "hpa-replicas",
                    "spec.replicas is set but " + hpa.get().id()
                            + " owns the replica count; remove it or Argo CD and the HPA will fight"));
        }
        if (production) {
            int replicas = minimumReplicas(m);
            if (replicas < 2) {
                problems.accept(m.problem(
                        "availability",
                        "production needs at least 2 replicas (or HPA minReplicas >= 2), has " + replicas));
            }
            if (podsSelectedBy("PodDisruptionBudget", m).isEmpty()) {
                problems.accept(m.problem("availability", "production needs a PodDisruptionBudget selecting its pods"));
            }
        }
    }

    private void service(Manifest m, Consumer<Problem> problems) {
        JsonNode selector = m.node().path("spec").path("selector");
        if (selector.isObject()
                && !selector.isEmpty()
                && podTemplates(m.namespace()).stream().noneMatch(t -> selects(selector, t))) {
            problems.accept(m.problem("selector", "spec.selector " + selector + " matches no pod template"));
        }
    }

    private void pdb(Manifest m, Consumer<Problem> problems) {
        JsonNode spec = m.node().path("spec");
        List<Manifest> targets = workloadsSelectedBy(spec.path("selector").path("matchLabels"), m.namespace());
        if (targets.isEmpty()) {
            problems.accept(m.problem("selector", "spec.selector matches no workload"));
        }
        JsonNode maxUnavailable = spec.path("maxUnavailable");
        if (!maxUnavailable.isMissingNode()
                && (maxUnavailable.asText().equals("0")
                        || maxUnavailable.asText().equals("0%"))) {
            problems.accept(m.problem("pdb", "maxUnavailable 0 blocks every eviction (node drains never finish)"));
        }
        JsonNode minAvailable = spec.path("minAvailable");
        if (minAvailable.canConvertToInt() && minAvailable.isNumber()) {
            for (Manifest target : targets) {
                if (minAvailable.asInt() >= minimumReplicas(target)) {
                    problems.accept(m.problem(
                            "pdb",
                            "minAvailable " + minAvailable.asInt() + " >= the " + minimumReplicas(target)
                                    + " replicas of " + target.id() + ": every eviction is blocked"));
                }
            }
        } else if (minAvailable.asText().equals("100%")) {
            problems.accept(m.problem("pdb", "minAvailable 100% blocks every eviction"));
        }
    }

    private void networkPolicy(Manifest m, Consumer<Problem> problems) {
        JsonNode selector = m.node().path("spec").path("podSelector").path("matchLabels");
        if (selector.isObject()
                && !selector.isEmpty()
                && podTemplates(m.namespace()).stream().noneMatch(t -> selects(selector, t))) {
            problems.accept(m.problem("selector", "spec.podSelector matches no pod template"));
        }
    }

    private void hpa(Manifest m, Consumer<Problem> problems) {
        JsonNode target = m.node().path("spec").path("scaleTargetRef");
        if (find(target.path("kind").asText(), target.path("name").asText(), m.namespace())
                .isEmpty()) {
            problems.accept(m.problem(
                    "selector",
                    "spec.scaleTargetRef " + target.path("kind").asText() + "/"
                            + target.path("name").asText() + " does not exist"));
        }
    }

    private void serviceMonitor(Manifest m, Consumer<Problem> problems) {
        JsonNode spec = m.node().path("spec");
        List<String> namespaces = new ArrayList<>();
        spec.path("namespaceSelector").path("matchNames").forEach(n -> namespaces.add(n.asText()));
        if (namespaces.isEmpty()) {
            namespaces.add(m.namespace());
        }
        List<Manifest> services = manifests.stream()
                .filter(s -> s.is("Service") && namespaces.contains(s.namespace()))
                .filter(s -> selects(
                        spec.path("selector").path("matchLabels"),
                        s.node().path("metadata").path("labels")))
                .toList();
        if (services.isEmpty()) {
            problems.accept(m.problem("selector", "spec.selector matches no Service"));
            return;
        }
        for (JsonNode endpoint : spec.path("endpoints")) {
            String port = endpoint.path("port").asText();
            boolean named = services.stream().anyMatch(s -> hasPort(s, port));
            if (!port.isEmpty() && !named) {
                problems.accept(
                        m.problem("selector", "endpoint port " + port + " is not a port name of the selected Service"));
            }
        }
    }

    private void ingress(Manifest m, Consumer<Problem> problems) {
        JsonNode spec = m.node().path("spec");
        List<JsonNode> backends = new ArrayList<>();
        if (spec.has("defaultBackend")) {
            backends.add(spec.path("defaultBackend"));
        }
        for (JsonNode rule : spec.path("rules")) {
            for (JsonNode path : rule.path("http").path("paths")) {
                backends.add(path.path("backend"));
            }
        }
        for (JsonNode backend : backends) {
            String name = backend.path("service").path("name").asText();
            JsonNode port = backend.path("service").path("port");
            String portRef = port.has("name")
                    ? port.path("name").asText()
                    : port.path("number").asText();
            Optional<Manifest> service = find("Service", name, m.namespace());
            if (service.isEmpty()) {
                problems.accept(m.problem("ingress-backend", "backend Service " + name + " does not exist"));
            } else if (!hasPort(service.get(), portRef)) {
                problems.accept(
                        m.problem("ingress-backend", "backend port " + portRef + " is not a port of Service " + name));
            }
        }
        if (spec.path("tls").isEmpty()) {
            problems.accept(m.problem("ingress-tls", "spec.tls is missing: the host would be served over plain HTTP"));
        }
    }

    private static boolean hasPort(Manifest service, String port) {
        for (JsonNode p : service.node().path("spec").path("ports")) {
            if (port.equals(p.path("name").asText())
                    || port.equals(p.path("port").asText())) {
                return true;
            }
        }
        return false;
    }

    private Optional<Manifest> autoscalerOf(Manifest workload) {
        return manifests.stream()
                .filter(h -> h.is("HorizontalPodAutoscaler") && h.namespace().equals(workload.namespace()))
                .filter(h -> workload.kind()
                                .equals(h.node()
                                        .path("spec")
                                        .path("scaleTargetRef")
                                        .path("kind")
                                        .asText())
                        && workload.name()
                                .equals(h.node()
                                        .path("spec")
                                        .path("scaleTargetRef")
                                        .path("name")
                                        .asText()))
                .findFirst();
    }

    /** The fewest pods the workload runs: the HPA's minimum when one owns it, else spec.replicas (default 1). */
    private int minimumReplicas(Manifest workload) {
        return autoscalerOf(workload)
                .map(h -> h.node().path("spec").path("minReplicas").asInt(1))
                .orElse(workload.node().path("spec").path("replicas").asInt(1));
    }

    private List<Manifest> podsSelectedBy(String kind, Manifest workload) {
        JsonNode labels =
                workload.node().path("spec").path("template").path("metadata").path("labels");
        return manifests.stream()
                .filter(m -> m.is(kind) && m.namespace().equals(workload.namespace()))
                .filter(m -> selects(m.node().path("spec").path("selector").path("matchLabels"), labels))
                .toList();
    }

    private List<Manifest> workloadsSelectedBy(JsonNode selector, String namespace) {
        return manifests.stream()
                .filter(m -> m.namespace().equals(namespace)
                        && !PodSecurityRules.podSpec(m).isMissingNode())
                .filter(m -> selects(
                        selector,
                        m.node().path("spec").path("template").path("metadata").path("labels")))
                .toList();
    }

    private List<JsonNode> podTemplates(String namespace) {
        return manifests.stream()
                .filter(m -> m.namespace().equals(namespace)
                        && !PodSecurityRules.podSpec(m).isMissingNode())
                .map(m -> m.is("Pod")
                        ? m.node().path("metadata").path("labels")
                        : m.is("CronJob")
                                ? m.node()
                                        .path("spec")
                                        .path("jobTemplate")
                                        .path("spec")
                                        .path("template")
                                        .path("metadata")
                                        .path("labels")
                                : m.node()
                                        .path("spec")
                                        .path("template")
                                        .path("metadata")
                                        .path("labels"))
                .toList();
    }

    private Optional<Manifest> find(String kind, String name, String namespace) {
        return manifests.stream()
                .filter(m ->
                        m.is(kind) && m.name().equals(name) && m.namespace().equals(namespace))
                .findFirst();
    }

    /** Whether every selector label is among the labels (an empty selector selects nothing here). */
    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = selector.properties().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
