package io.slipway.gitops.validate;

/**
 * One reason a manifest may not ship, printed as {@code file: Kind/name: rule: detail}.
 *
 * @param file   the manifest file, relative to the folder validated
 * @param object {@code Kind/name} of the offending object, or {@code -} when none applies
 * @param rule   the rule's id, as documented in docs/generator/README.md
 * @param detail what is wrong and what would fix it
 */
public record Problem(String file, String object, String rule, String detail) implements Comparable<Problem> {

    @Override
    public String toString() {
        return file + ": " + object + ": " + rule + ": " + detail;
    }

    @Override
    public int compareTo(Problem other) {
        return toString().compareTo(other.toString());
    }
}
