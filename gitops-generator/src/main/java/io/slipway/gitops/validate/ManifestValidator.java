package io.slipway.gitops.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates a folder's manifests before anything is written or published: each object against its
 * kind's schema ({@code schema}), then the production policy (pod security, probes, resources,
 * pinned images, no Secret data, selectors and references that resolve, PDBs that allow
 * evictions, and — in production — at least two replicas with a PDB), and the folder's
 * {@code kustomization.yaml} against the files present. Rules are listed in docs/generator/README.md.
 */
public final class ManifestValidator {

    /** Shared: loading the kind index and CRD schemas costs more than validating a folder. */
    private static final SchemaCheck SCHEMA = new SchemaCheck();

    /**
     * Every problem found, sorted; empty when the manifests may ship.
     *
     * @param production apply the production-only rules; also on when a Namespace in the set is
     *                   labelled {@code slipway.io/environment: production}
     */
    public List<Problem> validate(ManifestSet set, boolean production) {
        boolean isProduction = production
                || set.manifests().stream()
                        .anyMatch(m -> m.is("Namespace")
                                && "production"
                                        .equals(m.node()
                                                .path("metadata")
                                                .path("labels")
                                                .path("slipway.io/environment")
                                                .asText()));
        List<Problem> problems = new ArrayList<>(set.parseProblems());
        for (Manifest manifest : set.manifests()) {
            problems.addAll(SCHEMA.check(manifest));
            PodSecurityRules.check(manifest, isProduction, problems::add);
        }
        new ReferenceRules(set.manifests()).check(isProduction, problems::add);
        checkKustomization(set, problems);
        return problems.stream().distinct().sorted().toList();
    }

    private static void checkKustomization(ManifestSet set, List<Problem> problems) {
        String kustomization = set.files().get(ManifestSet.KUSTOMIZATION);
        if (kustomization == null) {
            return;
        }
        Set<String> listed = new TreeSet<>();
        try {
            ManifestSet.YAML.readTree(kustomization).path("resources").forEach(r -> listed.add(r.asText()));
        } catch (JsonProcessingException e) {
            problems.add(new Problem(ManifestSet.KUSTOMIZATION, "-", "kustomization", "not valid YAML"));
            return;
        }
        Set<String> present = new TreeSet<>(set.files().keySet());
        present.remove(ManifestSet.KUSTOMIZATION);
        for (String file : present) {
            if (!listed.contains(file)) {
                problems.add(new Problem(
                        ManifestSet.KUSTOMIZATION, "-", "kustomization", file + " is not listed in resources"));
            }
        }
        for (String file : listed) {
            if (!present.contains(file)) {
                problems.add(new Problem(
                        ManifestSet.KUSTOMIZATION, "-", "kustomization", "resource " + file + " does not exist"));
            }
        }
    }
}
