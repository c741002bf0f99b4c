package io.slipway.gitops.cli;

import io.slipway.gitops.publish.ConfigRemote;
import io.slipway.gitops.publish.ConfigSnapshot;
import io.slipway.gitops.publish.FolderVerification;
import io.slipway.gitops.publish.GitCredentials;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --repo URL [--branch B] [--environments DIR]}: a branch of the config repository that a
 * command reads whole, with its history, and checks against the source repository's values.
 */
final class ConfigBranch {

    /** What a command does with the branch. */
    interface Reading {
        void read(ConfigSnapshot tip, FolderVerification verification) throws Exception;
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private final CommandEnvironment environment;

    ConfigBranch(CommandEnvironment environment) {
        this.environment = environment;
    }

    @Option(names = "--repo", required = true, paramLabel = "URL", description = "Config repository.")
    String repo;

    @Option(names = "--branch", paramLabel = "BRANCH", defaultValue = "main", description = "Branch (default: main).")
    String branch;

    @Mixin
    EnvironmentsOption environments;

    /**
     * Fetches the branch with its history (credentials from the environment) and hands its tip to
     * {@code reading}; an empty branch is one line, {@code branch B is empty: <whenEmpty>}, and success.
     */
    void read(String whenEmpty, Reading reading) throws Exception {
        FolderVerification verification = FolderVerification.load(environments.folder);
        try (ConfigRemote remote = ConfigRemote.open(repo, GitCredentials.fromEnvironment(environment.variables()))) {
            Optional<ConfigSnapshot> tip = remote.fetch(branch, true);
            if (tip.isEmpty()) {
                spec.commandLine().getOut().println("branch " + branch + " is empty: " + whenEmpty);
                return;
            }
            reading.read(tip.get(), verification);
        }
    }
}
