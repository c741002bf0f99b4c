package io.slipway.gitops.support;

import io.slipway.gitops.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code watch} as the tests run it: in this JVM, with the git server's credentials and the signing key. */
public final class WatchCli {

    private WatchCli() {}

    /** {@code watch --env ENV --repo URL --environments DIR --prometheus-url P --interval 1s}, then {@code extra}. */
    public static String[] args(
            String environment, String url, Path environments, String prometheusUrl, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "watch",
                "--env",
                environment,
                "--repo",
                url,
                "--environments",
                environments.toString(),
                "--prometheus-url",
                prometheusUrl,
                "--interval",
                "1s"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    public static CliRun run(String environment, String url, Path environments, String prometheusUrl, String... extra) {
        return GeneratorRuns.cli(Map.of(), args(environment, url, environments, prometheusUrl, extra));
    }
}
