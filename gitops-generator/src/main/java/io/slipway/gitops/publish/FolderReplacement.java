package io.slipway.gitops.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * A root tree with one folder's content replaced: only the trees on the folder's path are read
 * and rewritten (for {@code apps/<app>/<env>}: the root, {@code apps}, {@code apps/<app>} and the
 * folder), every other entry keeps its object id. A whole-index rebuild would read and hash every
 * tree of the repository for the same result.
 */
final class FolderReplacement {

    /** A tree entry; trees sort as if their name ended in '/', as git orders them. */
    @SuppressWarnings("ArrayRecordComponent") // compared by the tree order below, never by equals
    private record Entry(byte[] name, FileMode mode, ObjectId id) {

        byte[] sortKey() {
            if (mode != FileMode.TREE) {
                return name;
            }
            byte[] key = Arrays.copyOf(name, name.length + 1);
            key[name.length] = '/';
            return key;
        }
    }

    private final ObjectReader reader;
    private final ObjectInserter inserter;

    FolderReplacement(ObjectReader reader, ObjectInserter inserter) {
        this.reader = reader;
        this.inserter = inserter;
    }

    /**
     * The id of {@code root} (absent: an empty repository) with {@code folder} (a path such as
     * {@code apps/slipway/dev}) holding exactly {@code files} (name to content, no subfolders).
     * An empty {@code files} removes the folder, and any parent it leaves empty.
     */
    ObjectId replace(Optional<ObjectId> root, String folder, Map<String, byte[]> files) throws IOException {
        TreeFormatter content = new TreeFormatter();
        for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
            content.append(file.getKey(), FileMode.REGULAR_FILE, inserter.insert(Constants.OBJ_BLOB, file.getValue()));
        }
        Optional<ObjectId> leaf = files.isEmpty() ? Optional.empty() : Optional.of(inserter.insert(content));
        return replace(root, folder.split("/"), 0, leaf).orElseGet(() -> insertEmptyTree());
    }

    /** The tree at {@code path[depth..]} below {@code tree} replaced by {@code leaf}; empty when nothing is left. */
    private Optional<ObjectId> replace(Optional<ObjectId> tree, String[] path, int depth, Optional<ObjectId> leaf)
            throws IOException {
        if (depth == path.length) {
            return leaf;
        }
        byte[] name = path[depth].getBytes(StandardCharsets.UTF_8);
        Map<byte[], Entry> entries = new TreeMap<>(Arrays::compareUnsigned);
        Optional<ObjectId> child = Optional.empty();
        if (tree.isPresent()) {
            for (CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree.get());
                    !parser.eof();
                    parser.next()) {
                byte[] entryName = new byte[parser.getNameLength()];
                parser.getName(entryName, 0);
                Entry entry = new Entry(entryName, parser.getEntryFileMode(), parser.getEntryObjectId());
                if (Arrays.equals(entry.name(), name)) {
                    child = entry.mode() == FileMode.TREE ? Optional.of(entry.id()) : Optional.empty();
                } else {
                    entries.put(entry.sortKey(), entry);
                }
            }
        }
        Optional<ObjectId> replaced = replace(child, path, depth + 1, leaf);
        if (replaced.isPresent()) {
            Entry entry = new Entry(name, FileMode.TREE, replaced.get());
            entries.put(entry.sortKey(), entry);
        }
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        TreeFormatter formatter = new TreeFormatter();
        entries.values().forEach(entry -> formatter.append(entry.name(), entry.mode(), entry.id()));
        return Optional.of(inserter.insert(formatter));
    }

    private ObjectId insertEmptyTree() {
        try {
            return inserter.insert(new TreeFormatter());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
