package io.slipway.gitops.cli;

import io.slipway.gitops.publish.ConfigRepository;
import io.slipway.gitops.publish.FolderVerification;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.jgit.revwalk.RevCommit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code verify}: every generated folder on a branch holds exactly what Slipway wrote. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every apps/<app>/<env>/ folder of the config repository against the file digests its "
                + ".slipway.json records (a hand edit, a stray or a deleted file is reported) and, where the "
                + "environment's publish.signing is on, that the last commit that changed it is signed by a key in "
                + "<environments>/trusted-signers/; exit 10.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigBranch config;

    @Mixin
    EnvironmentsOption environments;

    @Override
    public Integer call() throws Exception {
        FolderVerification verification = FolderVerification.load(environments.folder);
        try (ConfigRepository repository = config.open()) {
            RevCommit tip = repository.fetch(config.branch, true).orElse(null);
            if (tip == null) {
                spec.commandLine().getOut().println("branch " + config.branch + " is empty: nothing to verify");
                return ExitCode.OK;
            }
            List<String> folders = repository.folders(tip);
            List<String> problems = new ArrayList<>();
            for (String folder : folders) {
                problems.addAll(verification.check(repository, tip, folder));
            }
            problems.forEach(spec.commandLine().getErr()::println);
            if (!problems.isEmpty()) {
                spec.commandLine().getErr().println(problems.size() + " problem(s) in " + folders.size() + " folder(s) on " + config.branch + " at "
                        + tip.abbreviate(12).name());
                return ExitCode.TAMPERED;
            }
            spec.commandLine().getOut().println("verified: " + folders.size() + " folder(s) on " + config.branch + " at " + tip.abbreviate(12).name()
                    + " hold exactly what Slipway wrote, signed where their environment requires it");
            return ExitCode.OK;
        }
    }
}
