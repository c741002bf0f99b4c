package io.slipway.gitops;

/**
 * Text from others — a values file, a git server, a file name, Prometheus — made safe to print: every
 * control character (C0 but tab, DEL, C1, the bidirectional overrides, and line breaks) shown as an
 * escape, so it can neither move the cursor, retitle the window, clear the screen nor start a line
 * that looks like the command's own.
 */
public final class TerminalText {

    private TerminalText() {}

    /** Whether {@code text} holds nothing {@link #visible} would escape: no line break, no control character. */
    public static boolean isPlain(String text) {
        return visible(text).equals(text);
    }

    /** {@code text} with every control character but tab written as an escape ({@code \x1b}, {@code \n}). */
    public static String visible(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\t' || (c >= 0x20 && c < 0x7f) || (c > 0x9f && !isFormatControl(c))) {
                shown.appendCodePoint(c);
            } else if (c == '\n') {
                shown.append("\\n");
            } else if (c == '\r') {
                shown.append("\\r");
            } else if (c < 0x100) {
                shown.append(String.format("\\x%02x", c));
            } else {
                shown.append(String.format("\\u%04x", c));
            }
        });
        return shown.toString();
    }

    private static boolean isFormatControl(int c) {
        return (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e
                || c == 0x200f
                || c == 0x2028
                || c == 0x2029;
    }
}
