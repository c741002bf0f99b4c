package io.slipway.server.support;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
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
        return new DropwizardAppExtension<>(support(databaseUrl, redisUrl, logFile, extra));
    }

    /**
     * The same server, for a second one in a test class: started and stopped by the class itself,
     * after the extension's and before it. Overrides are system properties that each server puts
     * back as it found them when it stops, so two servers must stop in the reverse order of their
     * starts, or the first one's values outlive the class.
     */
    public static DropwizardTestSupport<SlipwayConfiguration> support(
            Supplier<String> databaseUrl, Supplier<String> redisUrl, Path logFile, ConfigOverride... extra) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("database.url", databaseUrl),
                ConfigOverride.config("redis.url", redisUrl),
                ConfigOverride.config("logging.appenders[0].currentLogFilename", logFile.toString())));
        overrides.addAll(List.of(extra));
        return new DropwizardTestSupport<>(
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
