package io.slipway.gitops.render;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The manifests of one environment: file name to content, one Kubernetes object per file plus
 * {@code kustomization.yaml} listing them all. Iteration order is the file name order.
 *
 * @param environment the environment name
 * @param files       file name to UTF-8 text
 */
public record RenderedEnvironment(String environment, SortedMap<String, String> files) {

    public RenderedEnvironment {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }
}
