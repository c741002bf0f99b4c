package io.slipway.gitops.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Replaces a folder's content with rendered files: everything is written to a sibling temporary
 * folder first, which then takes the folder's place, so a failure never leaves it half-written.
 */
final class OutputFolder {

    private OutputFolder() {}

    static void replace(Path out, Map<String, String> files) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".new-");
        Path previous = parent.resolve("." + target.getFileName() + ".old-" + System.nanoTime());
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(staging.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
            if (Files.exists(target)) {
                move(target, previous);
            }
            move(staging, target);
        } finally {
            deleteTree(staging);
            deleteTree(previous);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
