package io.slipway.gitops.cli;

import io.slipway.gitops.publish.ConfigRepository;
import io.slipway.gitops.publish.GitCredentials;
import io.slipway.gitops.publish.PublishFailure;
import picocli.CommandLine.Option;

/** {@code --repo URL [--branch B]}: the branch that commands reading the whole config repository look at. */
final class ConfigBranch {

    @Option(names = "--repo", required = true, paramLabel = "URL", description = "Config repository.")
    String repo;

    @Option(names = "--branch", paramLabel = "BRANCH", defaultValue = "main", description = "Branch (default: ${DEFAULT-VALUE}).")
    String branch;

    /** The repository, credentials from the environment; the caller fetches {@link #branch} with its history. */
    ConfigRepository open() throws PublishFailure {
        return ConfigRepository.open(repo, GitCredentials.fromEnvironment(System.getenv()));
    }
}
