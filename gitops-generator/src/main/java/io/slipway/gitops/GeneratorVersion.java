package io.slipway.gitops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The generator's version, as the build wrote it (the Maven project version): what
 * {@code --version} prints and what {@code .slipway.json} and commit summaries record.
 */
public final class GeneratorVersion {

    private static final String VERSION = read();

    private GeneratorVersion() {}

    /** e.g. {@code 0.1.0}. */
    public static String number() {
        return VERSION;
    }

    /** e.g. {@code slipway-gitops-generator/0.1.0}, as provenance records it. */
    public static String product() {
        return "slipway-gitops-generator/" + VERSION;
    }

    private static String read() {
        try (InputStream in = GeneratorVersion.class.getResourceAsStream("/gitops-generator-version.properties")) {
            Properties properties = new Properties();
            if (in == null) {
                throw new IllegalStateException("gitops-generator-version.properties is missing from the build");
            }
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
