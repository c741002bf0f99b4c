package io.slipway.server.errors;

import java.sql.SQLException;

/**
 * A copy of an exception chain for the log: every class and stack frame, none of the messages.
 * Messages of database and framework exceptions carry statements, bound values (password hashes
 * among them) and request data; the frames and SQLStates are what an engineer needs.
 */
final class Redacted extends RuntimeException {

    private Redacted(Throwable original, Redacted cause) {
        super(describe(original), cause, false, true);
        setStackTrace(original.getStackTrace());
    }

    static Redacted of(Throwable original) {
        return new Redacted(
                original,
                original.getCause() == null || original.getCause() == original ? null : of(original.getCause()));
    }

    /** The class name, and the SQLState where there is one. */
    static String describe(Throwable e) {
        return e instanceof SQLException sql && sql.getSQLState() != null
                ? e.getClass().getName() + " (SQLState " + sql.getSQLState() + ")"
                : e.getClass().getName();
    }

    @Override
    @SuppressWarnings("OverrideThrowableToString") // logged as the redacted text alone, without this wrapper's name
    public String toString() {
        return getMessage();
    }
}
