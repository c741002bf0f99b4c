package io.slipway.gitops.cli;

import io.slipway.gitops.promote.PrometheusClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --prometheus-url URL}: the Prometheus gates are measured in, with a bearer token from the environment. */
final class PrometheusOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--prometheus-url",
            paramLabel = "URL",
            defaultValue = "$${env:PROMETHEUS_URL:-}",
            description =
                    "Prometheus the gates query (default: $PROMETHEUS_URL; a bearer token from $PROMETHEUS_TOKEN).")
    String url;

    private final CommandEnvironment environment;

    PrometheusOption(CommandEnvironment environment) {
        this.environment = environment;
    }

    /** The client; empty when no URL is given; a usage error when it is not an http(s) URL with a host. */
    Optional<PrometheusClient> client() {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PrometheusClient(new URI(url), environment.get("PROMETHEUS_TOKEN")));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--prometheus-url " + url + ": "
                            + (e instanceof URISyntaxException syntax
                                    ? "not a URL (" + syntax.getReason() + ")"
                                    : e.getMessage()));
        }
    }
}
