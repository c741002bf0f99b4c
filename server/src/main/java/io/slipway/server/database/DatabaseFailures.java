package io.slipway.server.database;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;

/** Telling "the database cannot be reached now" apart from every other database error. */
public final class DatabaseFailures {

    /** SQLState classes that mean "cannot talk to the database now": connection, resources, operator intervention. */
    private static final String[] UNAVAILABLE_STATES = {"08", "53", "57"};

    private DatabaseFailures() {}

    /** True when {@code e}, or anything that caused it, says the database is unreachable or refusing work. */
    public static boolean isUnavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectionException || cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                for (String state : UNAVAILABLE_STATES) {
                    if (sql.getSQLState().startsWith(state)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * What the driver said of an unreachable database (the deepest cause: "Connection to host:port
     * refused", "Read timed out"), for the one line an outage logs. Only for failures
     * {@link #isUnavailable} accepts: their messages name the server, never a statement or a value.
     */
    public static String reason(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return deepest.getClass().getSimpleName() + ": " + deepest.getMessage();
    }
}
