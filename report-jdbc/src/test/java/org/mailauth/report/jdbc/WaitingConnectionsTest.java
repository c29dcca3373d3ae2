package org.mailauth.report.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A database file another process holds is waited for; any other failure is not. */
class WaitingConnectionsTest {

    private static SQLException inUse() {
        return new SQLException("Database may be already in use", "90020", 90020);
    }

    @Test
    void openingIsTriedAgainWhileAnotherProcessHoldsTheFile() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Connection connection = java.sql.DriverManager.getConnection("jdbc:h2:mem:waiting");
        WaitingConnections connections = new WaitingConnections(() -> {
            if (attempts.incrementAndGet() < 4) {
                throw inUse();
            }
            return connection;
        }, Duration.ofMinutes(1));

        assertThat(connections.open()).isSameAs(connection);
        assertThat(attempts).hasValue(4);
        connection.close();
    }

    @Test
    void aFileHeldLongerThanTheLimitFailsWithTheDatabasesOwnError() {
        WaitingConnections connections = new WaitingConnections(() -> {
            throw inUse();
        }, Duration.ZERO);

        assertThatThrownBy(connections::open).isInstanceOf(SQLException.class).hasMessageContaining("already in use");
    }

    @Test
    void anyOtherErrorIsThrownAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        WaitingConnections connections = new WaitingConnections(() -> {
            attempts.incrementAndGet();
            throw new SQLException("Wrong user name or password", "28000", 28000);
        }, Duration.ofMinutes(1));

        assertThatThrownBy(connections::open).hasMessageContaining("Wrong user name");
        assertThat(attempts).hasValue(1);
    }
}
