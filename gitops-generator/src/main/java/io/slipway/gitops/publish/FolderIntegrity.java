package io.slipway.gitops.publish;

import io.slipway.gitops.TerminalText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Whether a published folder still holds exactly what Slipway wrote: every file as its
 * {@code .slipway.json} records it, none added, none removed. Catches a hand edit or a stray
 * file in a generated folder. (It cannot tell a hand edit that rewrites {@code .slipway.json}
 * to match; signed commits are what prove who wrote a folder.)
 */
final class FolderIntegrity {

    private FolderIntegrity() {}

    /** One line per problem, as {@code apps/<app>/<env>/<file>: modified outside Slipway}; empty when intact. */
    static List<String> check(String folder, Map<String, byte[]> files) {
        byte[] json = files.get(Provenance.FILE);
        if (json == null) {
            return List.of(folder + "/" + Provenance.FILE + ": missing; the folder was not published by Slipway");
        }
        Provenance provenance;
        try {
            provenance = Provenance.fromJson(json);
        } catch (IllegalArgumentException e) {
            return List.of(folder + "/" + Provenance.FILE + ": modified outside Slipway ("
                    + TerminalText.visible(String.valueOf(e.getMessage())) + ")");
        }
        if (provenance.files().isEmpty()) {
            return List.of(folder + ": no file digests recorded (published by an older generator); publish it again");
        }
        // The provenance is not covered by its own digests: what it says must be what the files run.
        if (files.values().stream()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .noneMatch(text -> text.contains("image: \"" + provenance.image() + "\""))) {
            return List.of(folder + "/" + Provenance.FILE + ": modified outside Slipway (its image "
                    + TerminalText.visible(provenance.image()) + " is not the image the folder's manifests run)");
        }
        Map<String, String> actual = Provenance.digests(files);
        List<String> problems = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(actual.keySet());
        names.addAll(provenance.files().keySet());
        for (String name : names) {
            String recorded = provenance.files().get(name);
            String found = actual.get(name);
            String shown = TerminalText.visible(folder + "/" + name);
            if (found == null) {
                problems.add(shown + ": deleted outside Slipway");
            } else if (recorded == null) {
                problems.add(shown + ": added outside Slipway");
            } else if (!found.equals(recorded)) {
                problems.add(shown + ": modified outside Slipway");
            }
        }
        return problems;
    }
}
