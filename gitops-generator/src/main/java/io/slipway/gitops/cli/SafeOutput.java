package io.slipway.gitops.cli;

import io.slipway.gitops.Secrets;
import io.slipway.gitops.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * What the CLI writes to a terminal or log, line by line: credentials masked ({@link Secrets}), and
 * every control character shown instead of obeyed — what a values file, a git server, a folder
 * name or Prometheus sent can neither move the cursor, retitle the window nor clear the screen.
 * A tab stays a tab, a newline ends the line.
 */
final class SafeOutput extends Writer {

    private final Writer target;
    private final Secrets secrets;
    private final StringBuilder line = new StringBuilder();

    private SafeOutput(Writer target, Secrets secrets) {
        this.target = target;
        this.secrets = secrets;
    }

    static PrintWriter wrap(PrintWriter target, Secrets secrets) {
        return new PrintWriter(new SafeOutput(target, secrets), true);
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            line.append(buffer[i]);
            if (buffer[i] == '\n') {
                emit();
            }
        }
    }

    @Override
    public void flush() {
        emit();
        try {
            target.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        flush();
    }

    private void emit() {
        if (line.isEmpty()) {
            return;
        }
        boolean ended = line.charAt(line.length() - 1) == '\n';
        String text = secrets.redact(line.substring(0, line.length() - (ended ? 1 : 0)));
        line.setLength(0);
        try {
            target.write(TerminalText.visible(text));
            if (ended) {
                target.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
