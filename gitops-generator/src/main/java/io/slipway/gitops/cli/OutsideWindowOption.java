package io.slipway.gitops.cli;

import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --outside-window REASON}: change an environment although its promotion.windows freeze it
 * now; the reason goes into the commit ({@code Window-Override:}) and the merge request.
 */
final class OutsideWindowOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--outside-window",
            converter = TrailerValue.class,
            paramLabel = "REASON",
            description = "Change the environment although its promotion.windows freeze it now (exit 12 otherwise),"
                    + " e.g. a security fix or an emergency scale-up; the reason goes into the commit"
                    + " (Window-Override:) and the merge request.")
    String reason;

    /** The reason given, if any; a blank one is a usage error, for no override goes unexplained. */
    Optional<String> reason() {
        if (reason != null && reason.isBlank()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--outside-window: give the reason, e.g. --outside-window \"security fix CVE-2026-1234, approved"
                            + " by the release manager\"");
        }
        return Optional.ofNullable(reason);
    }
}
