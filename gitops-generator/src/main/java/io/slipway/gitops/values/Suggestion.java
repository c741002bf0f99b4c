package io.slipway.gitops.values;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean": the known name closest to a mistyped one, if any is close enough to be meant. */
final class Suggestion {

    private Suggestion() {}

    /** The candidate within a third of the typed name's length in edits (at least two), or one it abbreviates. */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        int allowed = Math.max(2, typed.length() / 3);
        return candidates.stream()
                .filter(candidate -> !candidate.equals(typed))
                .filter(candidate ->
                        distance(typed, candidate) <= allowed || (typed.length() >= 3 && candidate.startsWith(typed)))
                .min(Comparator.comparingInt((String candidate) -> distance(typed, candidate))
                        .thenComparing(Comparator.naturalOrder()));
    }

    private static int distance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a, b);
    }
}
