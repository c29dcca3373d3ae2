package org.mailauth.report.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Connections to a database file that one process opens at a time, as an embedded H2 database without a server:
 * while another process holds the file (H2's error 90020, "Database may be already in use"), opening is tried again,
 * after pauses growing to {@value #LONGEST_PAUSE_MILLIS} ms, until {@code limit}. So James and
 * {@code mailauth report preview} take turns instead of failing; any other error is thrown at once.
 */
public final class WaitingConnections implements JdbcReportStore.Connections {

    /** H2's ErrorCode.DATABASE_ALREADY_OPEN_1, also its SQLState. */
    static final int IN_USE = 90020;
    private static final long LONGEST_PAUSE_MILLIS = 200;

    private final JdbcReportStore.Connections connections;
    private final Duration limit;

    public WaitingConnections(JdbcReportStore.Connections connections, Duration limit) {
        this.connections = connections;
        this.limit = limit;
    }

    @Override
    public Connection open() throws SQLException {
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = 5;
        while (true) {
            try {
                return connections.open();
            } catch (SQLException e) {
                if (!inUse(e) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for another process to close the database", e);
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
        }
    }

    private static boolean inUse(SQLException e) {
        return e.getErrorCode() == IN_USE || String.valueOf(IN_USE).equals(e.getSQLState());
    }

    @Override
    public String toString() {
        return connections.toString();
    }
}
