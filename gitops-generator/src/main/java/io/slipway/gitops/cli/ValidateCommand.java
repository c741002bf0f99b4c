package io.slipway.gitops.cli;

import io.slipway.gitops.Generator;
import io.slipway.gitops.failure.CommandNames;
import io.slipway.gitops.failure.Concluded;
import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.validate.ManifestSet;
import io.slipway.gitops.validate.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code validate}: the schema and policy checks on any folder of manifests. */
@Command(
        name = CommandNames.VALIDATE,
        mixinStandardHelpOptions = true,
        description = "Validate folders of Kubernetes manifests against the API schemas and the policy rules.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders of .yaml/.yml manifests.")
    List<Path> folders;

    @Option(names = "--production", description = "Apply the production-only rules (also on when a Namespace says so).")
    boolean production;

    @Override
    public Integer call() throws Exception {
        List<String> problems = new ArrayList<>();
        int objects = 0;
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new Refusal(folder + ": not a folder");
            }
            ManifestSet set = ManifestSet.read(folder);
            if (set.manifests().isEmpty()) {
                throw new Refusal(folder + ": no manifests (.yaml or .yml files) to validate");
            }
            objects += set.manifests().size();
            for (Problem problem : Generator.validate(set, production)) {
                problems.add(folder.resolve(problem.file()) + ": " + problem.object() + ": " + problem.rule() + ": "
                        + problem.detail());
            }
        }
        if (!problems.isEmpty()) {
            problems.add(problems.size() + " problem(s) in " + objects + " object(s)");
            throw new Concluded(ExitCode.INVALID_MANIFESTS, problems);
        }
        spec.commandLine().getOut().println("valid: " + objects + " object(s) in " + folders.size() + " folder(s)");
        return ExitCode.OK.code();
    }
}
