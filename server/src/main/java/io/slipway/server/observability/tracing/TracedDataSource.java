package io.slipway.server.observability.tracing;

import io.dropwizard.db.ManagedDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool as Dropwizard manages it (start, stop, health, metrics), handing out connections whose
 * statements are traced; the pool's own validation queries stay beneath the tracing and untraced.
 */
final class TracedDataSource implements ManagedDataSource {

    private final ManagedDataSource pool;
    private final DataSource traced;

    TracedDataSource(ManagedDataSource pool, DataSource traced) {
        this.pool = pool;
        this.traced = traced;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return traced.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return traced.getConnection(username, password);
    }

    @Override
    public void start() throws Exception {
        pool.start();
    }

    @Override
    public void stop() throws Exception {
        pool.stop();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(pool) ? type.cast(pool) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(pool) || pool.isWrapperFor(type);
    }
}
