package io.slipway.gitops.cli;

import io.slipway.gitops.Generator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code render}: values + templates + image → a validated folder of manifests. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render and validate one environment's manifests into a folder (replaced whole, only if valid).")
final class RenderCommand implements Callable<Integer> {

    @Mixin
    RenderOptions options;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder; its previous content is replaced.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Generator.Release release = new Generator(options.environments.folder)
                .render(options.environment, options.image, options.sourceCommit);
        OutputFolder.replace(out, release.manifests().files());
        System.out.println("rendered " + release.manifests().files().size() + " files for " + options.environment
                + " into " + out);
        return ExitCode.OK;
    }
}
