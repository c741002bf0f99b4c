package io.slipway.gitops.cli;

import io.slipway.gitops.Generator;
import io.slipway.gitops.failure.CommandNames;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code render}: values + templates + image → a validated folder of manifests. */
@Command(
        name = CommandNames.RENDER,
        mixinStandardHelpOptions = true,
        description =
                "Render and validate environments' manifests, each into a folder (replaced whole, only if valid).")
final class RenderCommand implements Callable<Integer> {

    static final String ENV = "{env}";

    @Spec
    CommandSpec spec;

    private final CommandEnvironment variables;

    RenderCommand(CommandEnvironment variables) {
        this.variables = variables;
    }

    @Mixin
    EnvironmentList environments;

    @Mixin
    RenderOptions options;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output folder, replaced whole. It must be absent, empty, or a folder render wrote"
                    + " before and nobody changed since: its file " + OutputFolder.MARK + " lists what render wrote."
                    + " With several --env it must contain " + ENV + ", replaced by each environment's name (e.g. "
                    + "rendered/" + ENV + ").")
    String out;

    @Override
    public Integer call() {
        if (environments.several() && !out.contains(ENV)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--out " + out + ": with several --env it must contain " + ENV + ", e.g. rendered/" + ENV);
        }
        Generator generator = new Generator(options.environments.folder);
        return environments.forEach(environment -> {
            Path folder = Path.of(out.replace(ENV, environment));
            OutputFolder output = OutputFolder.claim(folder, options.environments.folder, variables.get("HOME"));
            Generator.Release release = generator.render(environment, options.image, options.sourceCommit);
            output.replace(release.manifests().files(), environment);
            spec.commandLine()
                    .getOut()
                    .println("rendered " + release.manifests().files().size() + " files for " + environment + " into "
                            + folder);
        });
    }
}
