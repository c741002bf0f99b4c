package io.slipway.gitops.values;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean": the known name closest to a mistyped one, if any is close enough to be meant. */
final class Suggestion {

    private Suggestion() {}

    /** The candidate within a third of the typed name's length in edits (at least two), or one it abbreviates. */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        int allowed = Math.max(2, typed.length() / 3);
        return candidates.stream()
                .filter(candidate -> !candidate.equals(typed))
                .filter(candidate ->
                        distance(typed, candidate) <= allowed || typed.length() >= 3 && candidate.startsWith(typed))
                .min(Comparator.comparingInt((String candidate) -> distance(typed, candidate))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
