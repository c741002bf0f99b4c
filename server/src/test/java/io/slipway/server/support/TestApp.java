package io.slipway.server.support;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.slipway.server.SlipwayApplication;
import io.slipway.server.SlipwayConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The real server, started from {@code test-config.yml} against the given PostgreSQL and Redis. */
public final class TestApp {

    private TestApp() {}

    public static DropwizardAppExtension<SlipwayConfiguration> with(
            Supplier<String> databaseUrl, Supplier<String> redisUrl, Path logFile, ConfigOverride... extra) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("database.url", databaseUrl),
                ConfigOverride.config("redis.url", redisUrl),
                ConfigOverride.config("logging.appenders[0].currentLogFilename", logFile.toString())));
        overrides.addAll(List.of(extra));
        return new DropwizardAppExtension<>(
                SlipwayApplication.class,
                ResourceHelpers.resourceFilePath("test-config.yml"),
                overrides.toArray(ConfigOverride[]::new));
    }

    /** The class's own log file, emptied, so that what a test reads in it is from this run. */
    public static Path logFile(Class<?> testClass) {
        Path log = Path.of("target", "test-logs", testClass.getSimpleName() + ".log")
                .toAbsolutePath();
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return log;
    }
}
