package io.slipway.server.observability;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Optional;

/**
 * {@code slipway_build_info{version, revision, image} 1}: which build each pod runs. The version is
 * the server jar's own (its manifest); revision and image are what the deployment says
 * ({@link ReleaseSettings}).
 */
public final class BuildInfo {

    private BuildInfo() {}

    public static void register(PrometheusRegistry registry, ReleaseSettings release) {
        String version = Optional.ofNullable(BuildInfo.class.getPackage().getImplementationVersion())
                .orElse(ReleaseSettings.UNKNOWN);
        Info.builder()
                .name("slipway_build_info")
                .help("The running build: server version, source revision and image reference (with digest)")
                .labelNames("version", "revision", "image")
                .register(registry)
                .setLabelValues(version, release.getRevision(), release.getImage());
    }
}
