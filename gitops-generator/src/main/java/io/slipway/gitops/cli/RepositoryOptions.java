package io.slipway.gitops.cli;

import io.slipway.gitops.Secrets;
import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.publish.ConfigRemote;
import io.slipway.gitops.publish.Deliveries;
import io.slipway.gitops.publish.GitCredentials;
import io.slipway.gitops.publish.GitLabPushOptions;
import io.slipway.gitops.publish.PublishFailure;
import io.slipway.gitops.publish.Publisher;
import io.slipway.gitops.signing.CommitSigner;
import io.slipway.gitops.signing.SigningException;
import java.io.PrintWriter;
import org.eclipse.jgit.lib.PersonIdent;
import picocli.CommandLine.Option;

/** Where and as whom commands that change the config repository push. */
final class RepositoryOptions {

    private final CommandEnvironment environment;

    RepositoryOptions(CommandEnvironment environment) {
        this.environment = environment;
    }

    @Option(
            names = "--repo",
            required = true,
            paramLabel = "URL",
            description = "Config repository (https://…, ssh://… or a path; not git://, which has no authentication)."
                    + " Credentials come from the environment.")
    String repo;

    @Option(
            names = "--branch",
            paramLabel = "BRANCH",
            description = "Target branch (default: the environment's publish.branch).")
    String branch;

    @Option(names = "--dry-run", description = "Print the diff and what would be pushed; push nothing.")
    boolean dryRun;

    @Option(
            names = "--pipeline-url",
            converter = TrailerValue.class,
            paramLabel = "URL",
            defaultValue = "$${env:CI_PIPELINE_URL:-none}",
            description = "Pipeline recorded in the commit and provenance (default: $CI_PIPELINE_URL).")
    String pipelineUrl;

    @Option(
            names = "--source-repository",
            converter = TrailerValue.class,
            paramLabel = "URL",
            defaultValue = "$${env:CI_PROJECT_URL:-unknown}",
            description = "Repository the image was built from (default: $CI_PROJECT_URL).")
    String sourceRepository;

    @Option(
            names = "--author-name",
            converter = TrailerValue.class,
            paramLabel = "NAME",
            defaultValue = "$${env:GITLAB_USER_NAME:-Slipway CI}",
            description = "Commit author (default: $GITLAB_USER_NAME).")
    String authorName;

    @Option(
            names = "--author-email",
            converter = TrailerValue.class,
            paramLabel = "EMAIL",
            defaultValue = "$${env:GITLAB_USER_EMAIL:-ci@slipway.invalid}",
            description = "Commit author email (default: $GITLAB_USER_EMAIL).")
    String authorEmail;

    String branchOr(String environmentBranch) {
        return branch == null ? environmentBranch : branch;
    }

    Deliveries.Origin origin() {
        // Recorded in commits and .slipway.json: a CI URL may carry its job token as user info.
        return new Deliveries.Origin(Secrets.withoutUserInfo(sourceRepository), Secrets.withoutUserInfo(pipelineUrl));
    }

    ConfigRemote open() throws PublishFailure {
        return ConfigRemote.open(repo, GitCredentials.fromEnvironment(environment.variables()));
    }

    /** A publisher that signs with the key the environment configures, if any; an unusable key fails here. */
    Publisher publisher(ConfigRemote remote) throws SigningException {
        return new Publisher(
                remote,
                new PersonIdent(authorName, authorEmail),
                CommitSigner.fromEnvironment(environment.variables()),
                Secrets.of(environment.variables()),
                new GitLabPushOptions());
    }

    /** Prints what happened and ends the command successfully. */
    static int report(PrintWriter out, Publisher.Outcome outcome) {
        outcome.printTo(out);
        return ExitCode.OK.code();
    }
}
