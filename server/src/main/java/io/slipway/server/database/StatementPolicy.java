package io.slipway.server.database;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.NoTemplateEngine;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.statement.StatementExceptions.MessageRendering;

/** How every JDBI statement of the server and its commands runs. */
public final class StatementPolicy {

    private StatementPolicy() {}

    public static Jdbi applyTo(Jdbi jdbi) {
        // Statement exceptions otherwise carry the SQL and its bound values (password hashes) into logs.
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(MessageRendering.NONE);
        // The SQL is plain text with :named parameters; no template language to parse on every statement.
        jdbi.setTemplateEngine(new NoTemplateEngine());
        return jdbi;
    }
}
