package io.slipway.gitops;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A unified diff between two versions of a folder of text files (file name to content), with the
 * counts a one-line summary needs.
 *
 * @param text    the unified diff, {@code a/…} and {@code b/…} paths, empty when nothing differs
 * @param added   files only in the new version
 * @param removed files only in the old version
 * @param changed files in both, with different content
 */
public record FolderDiff(String text, int added, int removed, int changed) {

    public static FolderDiff of(String folder, Map<String, String> before, Map<String, String> after) {
        String prefix = folder.isEmpty() ? "" : folder + "/";
        StringBuilder text = new StringBuilder();
        int added = 0;
        int removed = 0;
        int changed = 0;
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            String old = before.get(name);
            String now = after.get(name);
            if (old != null && old.equals(now)) {
                continue;
            }
            List<String> a = old == null ? List.of() : old.lines().toList();
            List<String> b = now == null ? List.of() : now.lines().toList();
            UnifiedDiffUtils.generateUnifiedDiff(
                            old == null ? "/dev/null" : "a/" + prefix + name,
                            now == null ? "/dev/null" : "b/" + prefix + name,
                            a,
                            DiffUtils.diff(a, b),
                            3)
                    .forEach(line -> text.append(line).append('\n'));
            if (old == null) {
                added++;
            } else if (now == null) {
                removed++;
            } else {
                changed++;
            }
        }
        return new FolderDiff(text.toString(), added, removed, changed);
    }

    public int files() {
        return added + removed + changed;
    }
}
