package io.slipway.gitops.cli;

import io.slipway.gitops.GeneratorVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The folder {@code render} writes. It is replaced whole — written to a sibling temporary folder that
 * then takes its place, so a failure never leaves it half-written — but only when it is provably
 * Slipway's: absent, empty, or holding exactly the files the last render wrote, unchanged, as its
 * {@value #MARK} file lists them (name and SHA-256, in {@code sha256sum} format). Anything else is
 * refused before anything is rendered or touched.
 */
final class OutputFolder {

    /** The mark a rendered folder carries: which files render wrote there, with their digests. */
    static final String MARK = ".slipway-rendered";

    private final Path folder;

    private OutputFolder(Path folder) {
        this.folder = folder;
    }

    /**
     * The folder, once it is shown to be one render may replace.
     *
     * @param environments the values folder, which render must never replace or write into
     * @param home the user's home folder ($HOME), if known; the JVM's {@code user.home} is refused too
     * @throws Refusal naming the folder and why it is not render's to replace
     */
    static OutputFolder claim(Path out, Path environments, Optional<String> home) throws Refusal, IOException {
        Path target = out.toAbsolutePath().normalize();
        Path values = environments.toAbsolutePath().normalize();
        Path workingDirectory = Path.of("").toAbsolutePath();
        List<Path> homes = Stream.concat(home.stream(), Stream.of(System.getProperty("user.home")))
                .filter(folder -> !folder.isBlank())
                .map(folder -> Path.of(folder).toAbsolutePath().normalize())
                .toList();
        String refused = "--out " + out + ": ";
        if (target.getParent() == null) {
            throw new Refusal(refused + "is the file system's root; render into a folder of its own");
        }
        if (workingDirectory.startsWith(target)) {
            throw new Refusal(refused + "holds the working directory; render into a folder of its own, e.g. out/<env>");
        }
        if (homes.contains(target)) {
            throw new Refusal(refused + "is the home folder; render into a folder of its own");
        }
        if (values.startsWith(target)) {
            throw new Refusal(refused + "holds the values folder " + environments + "; render somewhere else");
        }
        if (target.startsWith(values)) {
            throw new Refusal(refused + "is inside the values folder " + environments + "; render somewhere else");
        }
        if (Files.isSymbolicLink(target)) {
            throw new Refusal(refused + "is a symbolic link; name the folder itself");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target)) {
            throw new Refusal(refused + "is a file, not a folder; nothing was written");
        }
        if (Files.exists(target.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
            throw new Refusal(refused + "is a git work tree; render into a folder of its own");
        }
        if (Files.isDirectory(target)) {
            Optional<String> foreign = foreignEntry(target);
            if (foreign.isPresent()) {
                throw new Refusal(refused + foreign.get() + "; move it away or choose another --out");
            }
        }
        return new OutputFolder(target);
    }

    /** What in an existing folder render did not write (or changed since), if anything. */
    private static Optional<String> foreignEntry(Path target) throws IOException {
        List<String> entries;
        try (Stream<Path> list = Files.list(target)) {
            entries = list.map(path -> path.getFileName().toString()).sorted().toList();
        }
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Path mark = target.resolve(MARK);
        if (!Files.isRegularFile(mark, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(
                    "holds " + entries.get(0) + " and is not a folder Slipway rendered (it has no " + MARK + ")");
        }
        Map<String, String> written = readMark(mark);
        for (String entry : entries) {
            if (entry.equals(MARK)) {
                continue;
            }
            Path file = target.resolve(entry);
            if (!written.containsKey(entry) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of("holds " + entry + ", which Slipway did not render");
            }
            if (!written.get(entry).equals(sha256(Files.readAllBytes(file)))) {
                return Optional.of("holds " + entry + ", changed since Slipway rendered it");
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> readMark(Path mark) throws IOException {
        Map<String, String> written = new LinkedHashMap<>();
        for (String line : Files.readAllLines(mark, StandardCharsets.UTF_8)) {
            int separator = line.indexOf("  ");
            if (!line.startsWith("#") && separator == 64) {
                written.put(line.substring(separator + 2), line.substring(0, separator));
            }
        }
        return written;
    }

    /** Replaces the folder's content with {@code files} and the mark listing them. */
    void replace(Map<String, String> files, String environment) throws IOException {
        Path parent = folder.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + folder.getFileName() + ".new-");
        Path previous = parent.resolve("." + folder.getFileName() + ".old-" + System.nanoTime());
        try {
            StringBuilder mark = new StringBuilder("# Rendered by slipway gitops-generator "
                    + GeneratorVersion.number() + " for " + environment
                    + ". The next render replaces this folder only while it holds exactly these files, unchanged.\n");
            for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                Files.write(staging.resolve(file.getKey()), content);
                mark.append(sha256(content)).append("  ").append(file.getKey()).append('\n');
            }
            Files.writeString(staging.resolve(MARK), mark, StandardCharsets.UTF_8);
            if (Files.exists(folder)) {
                move(folder, previous);
            }
            move(staging, folder);
        } finally {
            deleteTree(staging);
            deleteTree(previous);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
