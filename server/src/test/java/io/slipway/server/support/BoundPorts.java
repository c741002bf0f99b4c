package io.slipway.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ports a server jar started with {@code PORT=0} and {@code ADMIN_PORT=0} bound, read from
 * Jetty's "Opened application@…{0.0.0.0:PORT}" log lines: the kernel picks free ports at bind
 * time, so no port is chosen first and lost to another process before the server binds it.
 */
public record BoundPorts(int application, int admin) {

    private static final Pattern OPENED = Pattern.compile("Opened (application|admin)@\\w+\\{[^}]*}\\{[^:}]*:(\\d+)}");

    /** Waits for both lines; fails with the log if the process ends or {@code timeout} passes first. */
    public static BoundPorts await(Process process, Path log, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = read(log);
            int application = 0;
            int admin = 0;
            Matcher opened = OPENED.matcher(text);
            while (opened.find()) {
                if (opened.group(1).equals("application")) {
                    application = Integer.parseInt(opened.group(2));
                } else {
                    admin = Integer.parseInt(opened.group(2));
                }
            }
            if (application > 0 && admin > 0) {
                return new BoundPorts(application, admin);
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the server did not open its ports"
                        + (process.isAlive() ? " in " + timeout : "") + "; its log:\n" + text);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
