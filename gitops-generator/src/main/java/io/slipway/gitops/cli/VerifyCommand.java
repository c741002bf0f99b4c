package io.slipway.gitops.cli;

import io.slipway.gitops.failure.CommandNames;
import io.slipway.gitops.failure.Concluded;
import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.publish.PublishedFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code verify}: every generated folder on a branch holds exactly what Slipway wrote. */
@Command(
        name = CommandNames.VERIFY,
        mixinStandardHelpOptions = true,
        description = "Check every apps/<app>/<env>/ folder of the config repository against the file digests its "
                + ".slipway.json records (a hand edit, a stray or a deleted file is reported) and, where the "
                + "environment's publish.signing is on, that the last commit that changed it is signed by a key in "
                + "<environments>/trusted-signers/; exit 10.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigBranch config;

    @Override
    public Integer call() throws Exception {
        config.read("nothing to verify", (tip, verification) -> {
            List<String> folders = tip.folders();
            List<String> problems = new ArrayList<>(verification.outside(tip, folders));
            for (String folder : folders) {
                problems.addAll(PublishedFolder.read(tip, folder).problems(verification));
            }
            if (!problems.isEmpty()) {
                problems.add(problems.size() + " problem(s) in " + folders.size() + " folder(s) on " + config.branch
                        + " at " + tip.shortId());
                throw new Concluded(ExitCode.TAMPERED, problems);
            }
            spec.commandLine()
                    .getOut()
                    .println("verified: " + folders.size() + " folder(s) on " + config.branch + " at "
                            + tip.shortId()
                            + " hold exactly what Slipway wrote, signed where their environment requires it");
        });
        return ExitCode.OK.code();
    }
}
