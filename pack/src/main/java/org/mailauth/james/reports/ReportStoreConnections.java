package org.mailauth.james.reports;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

import org.mailauth.report.jdbc.JdbcReportStore;

/**
 * Connections to the report store: the embedded H2 database (default) or PostgreSQL. The drivers are the pack's
 * own and are called directly: java.sql.DriverManager does not see drivers in James's extension class loader.
 */
public final class ReportStoreConnections implements JdbcReportStore.Connections {

    private final String url;
    private final Properties credentials = new Properties();
    private final Driver driver;

    public ReportStoreConnections(String url, String user, String password) {
        this.url = url;
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        this.driver = url.startsWith("jdbc:postgresql:") ? new org.postgresql.Driver() : new org.h2.Driver();
    }

    @Override
    public Connection open() throws SQLException {
        Connection connection = driver.connect(url, credentials);
        if (connection == null) {
            throw new SQLException("no driver accepts " + url);
        }
        return connection;
    }

    @Override
    public String toString() {
        return url;
    }
}
