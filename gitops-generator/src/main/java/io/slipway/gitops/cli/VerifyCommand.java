package io.slipway.gitops.cli;

import io.slipway.gitops.publish.ConfigRepository;
import io.slipway.gitops.publish.FolderIntegrity;
import io.slipway.gitops.publish.GitCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.jgit.revwalk.RevCommit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code verify}: every generated folder on a branch holds exactly what Slipway wrote. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every apps/<app>/<env>/ folder of the config repository against the file digests its "
                + ".slipway.json records: a hand edit, a stray or a deleted file is reported; exit 10.")
final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--repo", required = true, paramLabel = "URL", description = "Config repository.")
    String repo;

    @Option(names = "--branch", paramLabel = "BRANCH", defaultValue = "main", description = "Branch (default: ${DEFAULT-VALUE}).")
    String branch;

    @Override
    public Integer call() throws Exception {
        try (ConfigRepository config = ConfigRepository.open(repo, GitCredentials.fromEnvironment(System.getenv()))) {
            RevCommit tip = config.fetch(branch, true).orElse(null);
            if (tip == null) {
                System.out.println("branch " + branch + " is empty: nothing to verify");
                return ExitCode.OK;
            }
            List<String> folders = config.folders(tip);
            List<String> problems = new ArrayList<>();
            for (String folder : folders) {
                problems.addAll(FolderIntegrity.check(folder, config.readFolder(tip, folder)));
            }
            problems.forEach(System.err::println);
            if (!problems.isEmpty()) {
                System.err.println(problems.size() + " problem(s) in " + folders.size() + " folder(s) on " + branch + " at "
                        + tip.abbreviate(12).name());
                return ExitCode.TAMPERED;
            }
            System.out.println("verified: " + folders.size() + " folder(s) on " + branch + " at " + tip.abbreviate(12).name()
                    + " hold exactly what Slipway wrote");
            return ExitCode.OK;
        }
    }
}
