package io.slipway.server.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code test-config.yml} with its secret, database and Redis replaced, written where a command can read it. */
public final class ConfigFile {

    private ConfigFile() {}

    /** Writes {@code directory/config.yml}; migrations are left to the {@code db migrate} command. */
    public static Path write(Path directory, String jwtSecret, String databaseUrl, String redisUrl) throws IOException {
        String template = Files.readString(Path.of("src/test/resources/test-config.yml"));
        String yaml = template.replace(
                        "jwtSecret: test-secret-that-is-at-least-32-bytes-long", "jwtSecret: \"" + jwtSecret + "\"")
                .replace("url: jdbc:postgresql://127.0.0.1:1/overridden", "url: \"" + databaseUrl + "\"")
                .replace("url: \"\"", "url: \"" + redisUrl + "\"")
                .replace("migrateOnStart: true", "migrateOnStart: false");
        Path file = directory.resolve("config.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
