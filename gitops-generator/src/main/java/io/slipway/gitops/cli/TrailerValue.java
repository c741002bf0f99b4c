package io.slipway.gitops.cli;

import io.slipway.gitops.TerminalText;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A value that ends up in a commit's trailers or summary (pipeline, source repository, author,
 * reason): one line without control characters, so it can neither add a trailer of its own
 * ({@code Image: evil/…}) nor hide text from a reviewer. Refused otherwise, as a usage error.
 */
final class TrailerValue implements ITypeConverter<String> {

    static final int MAX_LENGTH = 1024;

    @Override
    public String convert(String value) {
        if (value.length() > MAX_LENGTH) {
            throw new TypeConversionException("longer than " + MAX_LENGTH + " characters");
        }
        if (!TerminalText.isPlain(value)) {
            throw new TypeConversionException("'" + TerminalText.visible(value)
                    + "' holds a line break or control character; a commit trailer is one line");
        }
        return value;
    }

    /** A commit id: the full SHA, or at least its first 7 hex digits. */
    static final class CommitId implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.matches("[0-9a-fA-F]{7,40}")) {
                throw new TypeConversionException("'" + TerminalText.visible(value)
                        + "' is not a commit id; give the full SHA or at least its first 7 hex digits");
            }
            return value;
        }
    }

    /** {@code --source-commit}: a commit id, or {@value RenderOptions#UNKNOWN_SOURCE} when none was given. */
    static final class SourceCommit implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return value.equals(RenderOptions.UNKNOWN_SOURCE) ? value : new CommitId().convert(value);
        }
    }
}
