package io.slipway.gitops.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --environments DIR}: where the values files are, for every command that reads them. */
final class EnvironmentsOption {

    @Option(
            names = "--environments",
            paramLabel = "DIR",
            defaultValue = "environments",
            description = "Folder of values files (default: environments).")
    Path folder;
}
