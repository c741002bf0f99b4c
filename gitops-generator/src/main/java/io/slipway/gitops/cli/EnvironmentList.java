package io.slipway.gitops.cli;

import io.slipway.gitops.failure.ExitCode;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --env NAME}, repeatable: one call does the work of several environments, paying the
 * JVM's start-up once. Each environment is done and reported on its own — one failing stops
 * neither the others nor their results — and the call exits with the first failure's status.
 */
final class EnvironmentList {

    /** One environment's work; an exception is reported as the single-environment call would report it. */
    interface Work {
        void run(String environment) throws Exception;
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--env",
            required = true,
            paramLabel = "NAME",
            description =
                    "Environment: environments/NAME.yaml over base.yaml. Repeat for several environments in one call.")
    List<String> names;

    /** Runs {@code work} for each environment in the order given; the first failure's exit status, or OK. */
    int forEach(Work work) {
        if (names.stream().distinct().count() < names.size()) {
            throw new ParameterException(
                    spec.commandLine(), "--env " + String.join(", ", names) + ": an environment is named twice");
        }
        int status = ExitCode.OK.code();
        for (String name : names) {
            int code = ExitCode.OK.code();
            try {
                work.run(name);
            } catch (Exception e) {
                code = FailureReport.report(e, spec.commandLine());
                if (names.size() > 1) {
                    spec.commandLine().getErr().println(name + ": failed with exit status " + code);
                }
            }
            status = status == ExitCode.OK.code() ? code : status;
        }
        return status;
    }

    boolean several() {
        return names.size() > 1;
    }
}
