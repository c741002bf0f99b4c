package io.slipway.gitops.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command that renders an environment takes, but the environment itself. */
final class RenderOptions {

    /** What {@code --source-commit} records when neither it nor {@code $CI_COMMIT_SHA} is given. */
    static final String UNKNOWN_SOURCE = "unknown";

    @Option(
            names = "--image",
            required = true,
            paramLabel = "REF",
            description = "Image to deploy: repo@sha256:<digest> (required in production) or repo:tag.")
    String image;

    @Mixin
    EnvironmentsOption environments;

    @Option(
            names = "--source-commit",
            paramLabel = "SHA",
            defaultValue = "$${env:CI_COMMIT_SHA:-unknown}",
            converter = TrailerValue.SourceCommit.class,
            description = "Commit the image was built from (default: $CI_COMMIT_SHA).")
    String sourceCommit;
}
