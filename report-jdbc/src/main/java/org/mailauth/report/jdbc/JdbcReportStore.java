package org.mailauth.report.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mailauth.report.AggregateReportContent;
import org.mailauth.report.AggregateRow;
import org.mailauth.report.MailtoAddress;
import org.mailauth.report.Observation;
import org.mailauth.report.PublishedPolicy;
import org.mailauth.report.ReportDelivery;
import org.mailauth.report.ReportInterval;
import org.mailauth.report.ReportStore;
import org.mailauth.report.ReportStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReportStore} over JDBC (docs/architecture.md, Reports): an embedded H2 database by default, PostgreSQL
 * for clusters, with the same SQL. Rows are counted, not stored per message; each (policy domain, interval, destination) report is sent
 * by the one node that claims it, and a claim whose lease ran out (its node died) can be taken by another.
 * The schema is created and migrated at start ({@link #migrate()}). What an observation stores is bounded when it is
 * made ({@link Observation}, {@link AggregateRow}, {@link PublishedPolicy}) so that it fits these columns ({@link ReportStore#ROW_DATA_LENGTH} and the others); a row the
 * database still refuses for good costs that row alone ({@link #add}).
 */
public final class JdbcReportStore implements ReportStore {

    /** Opens a connection to the store's database. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    static final int SCHEMA_VERSION = 3;
    private static final String UNIQUE_VIOLATION = "23505";
    /** A concurrent writer got in the way: try the whole batch again (SQLSTATE class 40, transaction rollback). */
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final Logger LOGGER = LoggerFactory.getLogger(JdbcReportStore.class);

    private final Connections connections;

    public JdbcReportStore(Connections connections) {
        this.connections = connections;
    }

    /**
     * Creates the tables, or brings an older schema to {@value #SCHEMA_VERSION}: 1 and 2, the reports we send; 3, the
     * reports we receive ({@link JdbcReceivedReportStore}). Safe to run on every node at start.
     */
    public void migrate() throws ReportStoreException {
        migrate(SCHEMA_VERSION);
    }

    /** Brings the schema to {@code target} and no further (tests make the databases of older versions with it). */
    void migrate(int target) throws ReportStoreException {
        try (Connection connection = connections.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS mailauth_report_schema (version INTEGER NOT NULL)");
            int version = 0;
            try (ResultSet result = statement.executeQuery("SELECT MAX(version) FROM mailauth_report_schema")) {
                if (result.next()) {
                    version = result.getInt(1);
                }
            }
            if (version < 1 && target >= 1) {
                statement.execute("CREATE TABLE IF NOT EXISTS dmarc_report_policy (policy_domain VARCHAR(" + POLICY_DOMAIN_LENGTH
                    + ") NOT NULL, interval_begin BIGINT NOT NULL, interval_seconds BIGINT NOT NULL, policy VARCHAR(" + POLICY_LENGTH
                    + ") NOT NULL, destinations VARCHAR(" + DESTINATIONS_LENGTH + ") NOT NULL, PRIMARY KEY (policy_domain, interval_begin))");
                statement.execute("CREATE TABLE IF NOT EXISTS dmarc_report_row (policy_domain VARCHAR(" + POLICY_DOMAIN_LENGTH
                    + ") NOT NULL, interval_begin BIGINT NOT NULL, row_key CHAR(64) NOT NULL, row_data VARCHAR(" + ROW_DATA_LENGTH
                    + ") NOT NULL, message_count BIGINT NOT NULL, PRIMARY KEY (policy_domain, interval_begin, row_key))");
                statement.execute("CREATE TABLE IF NOT EXISTS dmarc_report_delivery (policy_domain VARCHAR(" + POLICY_DOMAIN_LENGTH
                    + ") NOT NULL, interval_begin BIGINT NOT NULL, destination VARCHAR(" + DESTINATION_LENGTH + ") NOT NULL, "
                    + "report_id VARCHAR(" + REPORT_ID_LENGTH + ") NOT NULL, "
                    + "state VARCHAR(16) NOT NULL, claimed_by VARCHAR(200), lease_until BIGINT, sent_at BIGINT, "
                    + "PRIMARY KEY (policy_domain, interval_begin, destination))");
                statement.execute("INSERT INTO mailauth_report_schema (version) VALUES (1)");
            }
            if (version < 2 && target >= 2) {
                statement.execute("CREATE TABLE IF NOT EXISTS dmarc_report_suppression (destination VARCHAR(" + DESTINATION_LENGTH
                    + ") NOT NULL, reason VARCHAR(1000) NOT NULL, since BIGINT NOT NULL, PRIMARY KEY (destination))");
                statement.execute("INSERT INTO mailauth_report_schema (version) VALUES (2)");
            }
            if (version < 3 && target >= 3) {
                JdbcReceivedReportStore.createTables(statement);
                statement.execute("INSERT INTO mailauth_report_schema (version) VALUES (3)");
            }
        } catch (SQLException e) {
            throw new ReportStoreException("the report store could not be prepared: " + e.getMessage(), e);
        }
    }

    /**
     * Adds counted observations in one transaction, each under its own savepoint (issue 21). An observation the
     * database refuses for good — SQLSTATE class 22 (data exception: a value too long, a character the database cannot
     * hold) or 23 (integrity constraint violation) — is rolled back alone and returned; the others are written. Any
     * other failure (class 08, the connection lost; 40, a conflict with another writer; ...) writes none of them and is
     * thrown: the caller keeps them to try again.
     *
     * @return the observations refused for good, in the order given
     */
    @Override
    public List<Refusal> add(Map<Observation, Long> observations) throws ReportStoreException {
        if (observations.isEmpty()) {
            return List.of();
        }
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(false);
            try {
                List<Refusal> refused = new ArrayList<>();
                for (Map.Entry<Observation, Long> entry : observations.entrySet()) {
                    Savepoint savepoint = connection.setSavepoint();
                    try {
                        addPolicy(connection, entry.getKey());
                        addRow(connection, entry.getKey(), entry.getValue());
                        connection.releaseSavepoint(savepoint);
                    } catch (SQLException e) {
                        if (!refusedForGood(e)) {
                            throw e;
                        }
                        connection.rollback(savepoint);
                        refused.add(new Refusal(entry.getKey(), entry.getValue(), reason(e)));
                    }
                }
                connection.commit();
                return refused;
            } catch (SQLException e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new ReportStoreException("report rows could not be written: " + e.getMessage(), e);
        }
    }

    /** SQLSTATE class 22 (data exception) or 23 (integrity constraint violation): the same values will fail again. */
    static boolean refusedForGood(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static String reason(SQLException e) {
        String message = String.valueOf(e.getMessage()).split("\n", 2)[0].trim();
        if (message.endsWith("; SQL statement:")) {
            message = message.substring(0, message.length() - "; SQL statement:".length());
        }
        return "SQLState " + e.getSQLState() + ": " + message;
    }

    private static void rollback(Connection connection, SQLException cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void addPolicy(Connection connection, Observation observation) throws SQLException {
        String domain = observation.policy().domain();
        long begin = observation.interval().begin().getEpochSecond();
        try (PreparedStatement exists = connection.prepareStatement(
            "SELECT 1 FROM dmarc_report_policy WHERE policy_domain = ? AND interval_begin = ?")) {
            exists.setString(1, domain);
            exists.setLong(2, begin);
            try (ResultSet result = exists.executeQuery()) {
                if (result.next()) {
                    return;
                }
            }
        }
        insertOnce(connection, "INSERT INTO dmarc_report_policy "
            + "(policy_domain, interval_begin, interval_seconds, policy, destinations) VALUES (?, ?, ?, ?, ?)", insert -> {
                insert.setString(1, domain);
                insert.setLong(2, begin);
                insert.setLong(3, observation.interval().length().getSeconds());
                insert.setString(4, observation.policy().encoded());
                insert.setString(5, observation.encodedDestinations());
            });
    }

    private static void addRow(Connection connection, Observation observation, long count) throws SQLException {
        String data = observation.row().encoded();
        String key = sha256(data);
        if (increment(connection, observation, key, count)) {
            return;
        }
        boolean inserted = insertOnce(connection, "INSERT INTO dmarc_report_row "
            + "(policy_domain, interval_begin, row_key, row_data, message_count) VALUES (?, ?, ?, ?, ?)", insert -> {
                insert.setString(1, observation.policy().domain());
                insert.setLong(2, observation.interval().begin().getEpochSecond());
                insert.setString(3, key);
                insert.setString(4, data);
                insert.setLong(5, count);
            });
        if (!inserted && !increment(connection, observation, key, count)) {
            throw new SQLException("the row " + key + " of " + observation.policy().domain()
                + " was inserted by another writer but cannot be counted", SERIALIZATION_FAILURE);
        }
    }

    /**
     * Inserts one row under a savepoint, so that losing a race to a concurrent writer of the same key (a unique
     * violation) leaves the transaction usable: false then, and the caller counts into the other writer's row.
     */
    private static boolean insertOnce(Connection connection, String sql, StatementValues values) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            values.set(insert);
            insert.executeUpdate();
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(savepoint);
            return false;
        }
    }

    /** Sets the parameters of a prepared statement. */
    private interface StatementValues {
        void set(PreparedStatement statement) throws SQLException;
    }

    private static boolean increment(Connection connection, Observation observation, String key, long count) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE dmarc_report_row SET message_count = message_count + ? "
            + "WHERE policy_domain = ? AND interval_begin = ? AND row_key = ?")) {
            update.setLong(1, count);
            update.setString(2, observation.policy().domain());
            update.setLong(3, observation.interval().begin().getEpochSecond());
            update.setString(4, key);
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Creates the deliveries of every interval that closed by {@code closedBy} (one per rua destination; a node that
     * finds them already created changes nothing), then claims up to {@code limit} deliveries that are pending or
     * whose claim's lease expired, for {@code node}, until {@code now + lease}.
     */
    @Override
    public List<ReportDelivery> claim(String node, Instant now, Instant closedBy, Duration lease, int limit) throws ReportStoreException {
        try (Connection connection = connections.open()) {
            createDeliveries(connection, closedBy);
            List<String[]> candidates = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT policy_domain, interval_begin, destination, report_id "
                + "FROM dmarc_report_delivery WHERE state = 'pending' OR (state = 'claimed' AND lease_until < ?) "
                + "ORDER BY interval_begin, policy_domain, destination")) {
                select.setLong(1, now.toEpochMilli());
                select.setMaxRows(limit * 4);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        candidates.add(new String[] {result.getString(1), Long.toString(result.getLong(2)), result.getString(3),
                            result.getString(4)});
                    }
                }
            }
            List<ReportDelivery> claimed = new ArrayList<>();
            for (String[] candidate : candidates) {
                if (claimed.size() >= limit) {
                    break;
                }
                try (PreparedStatement update = connection.prepareStatement("UPDATE dmarc_report_delivery SET state = 'claimed', "
                    + "claimed_by = ?, lease_until = ? WHERE policy_domain = ? AND interval_begin = ? AND destination = ? "
                    + "AND (state = 'pending' OR (state = 'claimed' AND lease_until < ?))")) {
                    update.setString(1, node);
                    update.setLong(2, now.plus(lease).toEpochMilli());
                    update.setString(3, candidate[0]);
                    update.setLong(4, Long.parseLong(candidate[1]));
                    update.setString(5, candidate[2]);
                    update.setLong(6, now.toEpochMilli());
                    if (update.executeUpdate() == 1) {
                        claimed.add(new ReportDelivery(candidate[0], Instant.ofEpochSecond(Long.parseLong(candidate[1])), candidate[2],
                            candidate[3], node));
                    }
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new ReportStoreException("report deliveries could not be claimed: " + e.getMessage(), e);
        }
    }

    private static void createDeliveries(Connection connection, Instant closedBy) throws SQLException {
        List<String[]> closed = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT p.policy_domain, p.interval_begin, p.destinations "
            + "FROM dmarc_report_policy p WHERE p.interval_begin + p.interval_seconds <= ? AND NOT EXISTS "
            + "(SELECT 1 FROM dmarc_report_delivery d WHERE d.policy_domain = p.policy_domain AND d.interval_begin = p.interval_begin)")) {
            select.setLong(1, closedBy.getEpochSecond());
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    closed.add(new String[] {result.getString(1), Long.toString(result.getLong(2)), result.getString(3)});
                }
            }
        }
        for (String[] report : closed) {
            String reportId = ReportDelivery.reportId(Long.parseLong(report[1]), report[0]);
            for (String destination : Observation.decodeDestinations(report[2])) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dmarc_report_delivery "
                    + "(policy_domain, interval_begin, destination, report_id, state) VALUES (?, ?, ?, ?, 'pending')")) {
                    insert.setString(1, report[0]);
                    insert.setLong(2, Long.parseLong(report[1]));
                    insert.setString(3, destination);
                    insert.setString(4, reportId);
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        continue;
                    }
                    if (!refusedForGood(e)) {
                        throw e;
                    }
                    LOGGER.warn("mailauth: the report {} is not sent to {}: the report store refuses that delivery for good ({})",
                        reportId, destination, reason(e));
                }
            }
        }
    }

    /**
     * Every report the store holds, closed or still open, optionally only those of one policy domain, oldest
     * first: what {@code mailauth report preview} shows.
     */
    @Override
    public List<AggregateReportContent> contents(Optional<String> policyDomain) throws ReportStoreException {
        List<ReportDelivery> keys = new ArrayList<>();
        try (Connection connection = connections.open();
             PreparedStatement select = connection.prepareStatement("SELECT policy_domain, interval_begin FROM dmarc_report_policy "
                 + (policyDomain.isPresent() ? "WHERE policy_domain = ? " : "") + "ORDER BY interval_begin, policy_domain")) {
            if (policyDomain.isPresent()) {
                select.setString(1, policyDomain.get().toLowerCase(java.util.Locale.ROOT));
            }
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    keys.add(new ReportDelivery(result.getString(1), Instant.ofEpochSecond(result.getLong(2)), "-", "preview", "preview"));
                }
            }
        } catch (SQLException e) {
            throw new ReportStoreException("the reports could not be listed: " + e.getMessage(), e);
        }
        List<AggregateReportContent> contents = new ArrayList<>();
        for (ReportDelivery key : keys) {
            contents.add(content(key));
        }
        return contents;
    }

    /** The report a delivery sends: the policy as discovered and every row with its count. */
    @Override
    public AggregateReportContent content(ReportDelivery delivery) throws ReportStoreException {
        try (Connection connection = connections.open()) {
            PublishedPolicy policy;
            Duration length;
            try (PreparedStatement select = connection.prepareStatement("SELECT policy, interval_seconds FROM dmarc_report_policy "
                + "WHERE policy_domain = ? AND interval_begin = ?")) {
                select.setString(1, delivery.policyDomain());
                select.setLong(2, delivery.intervalBegin().getEpochSecond());
                try (ResultSet result = select.executeQuery()) {
                    if (!result.next()) {
                        throw new SQLException("no policy for " + delivery);
                    }
                    policy = PublishedPolicy.decode(result.getString(1));
                    length = Duration.ofSeconds(result.getLong(2));
                }
            }
            Map<AggregateRow, Long> rows = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT row_data, message_count FROM dmarc_report_row "
                + "WHERE policy_domain = ? AND interval_begin = ? ORDER BY row_key")) {
                select.setString(1, delivery.policyDomain());
                select.setLong(2, delivery.intervalBegin().getEpochSecond());
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.put(AggregateRow.decode(result.getString(1)), result.getLong(2));
                    }
                }
            }
            return new AggregateReportContent(ReportInterval.of(delivery.intervalBegin(), length), policy, rows);
        } catch (SQLException | IllegalArgumentException e) {
            throw new ReportStoreException("the report of " + delivery + " could not be read: " + e.getMessage(), e);
        }
    }

    /** Records that {@code delivery} was handed to the mail system; only its claimant can. Returns false if it lost the claim. */
    @Override
    public boolean markSent(ReportDelivery delivery, Instant now) throws ReportStoreException {
        return finish(delivery, now, "sent");
    }

    /**
     * Records that {@code delivery} will not be sent (destination not verified, denied, over its cap); only its
     * claimant can. The reason goes to the log, not the store.
     */
    @Override
    public boolean markSkipped(ReportDelivery delivery, Instant now) throws ReportStoreException {
        return finish(delivery, now, "skipped");
    }

    private boolean finish(ReportDelivery delivery, Instant now, String state) throws ReportStoreException {
        try (Connection connection = connections.open();
             PreparedStatement update = connection.prepareStatement("UPDATE dmarc_report_delivery SET state = ?, sent_at = ? "
                 + "WHERE policy_domain = ? AND interval_begin = ? AND destination = ? AND state = 'claimed' AND claimed_by = ?")) {
            update.setString(1, state);
            update.setLong(2, now.toEpochMilli());
            update.setString(3, delivery.policyDomain());
            update.setLong(4, delivery.intervalBegin().getEpochSecond());
            update.setString(5, delivery.destination());
            update.setString(6, delivery.node());
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new ReportStoreException("the delivery of " + delivery + " could not be recorded: " + e.getMessage(), e);
        }
    }

    /** No more reports to {@code destination} (a {@code mailto:} URI): its mail bounced for good. Idempotent. */
    @Override
    public void suppress(String destination, String reason, Instant now) throws ReportStoreException {
        try (Connection connection = connections.open();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO dmarc_report_suppression (destination, reason, since) "
                 + "VALUES (?, ?, ?)")) {
            insert.setString(1, destination.toLowerCase(java.util.Locale.ROOT));
            insert.setString(2, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
            insert.setLong(3, now.toEpochMilli());
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new ReportStoreException("the destination " + destination + " could not be suppressed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean suppressed(String destination) throws ReportStoreException {
        try (Connection connection = connections.open();
             PreparedStatement select = connection.prepareStatement("SELECT 1 FROM dmarc_report_suppression WHERE destination = ?")) {
            select.setString(1, destination.toLowerCase(java.util.Locale.ROOT));
            try (ResultSet result = select.executeQuery()) {
                return result.next();
            }
        } catch (SQLException e) {
            throw new ReportStoreException("the suppression list could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * How many reports went to addresses in {@code domain} (lower case, A-labels) since {@code since}, from any node:
     * for the daily cap, which counts per destination domain so that varying the local part gains nothing.
     */
    @Override
    public long sentToDomainSince(String domain, Instant since) throws ReportStoreException {
        try (Connection connection = connections.open();
             PreparedStatement select = connection.prepareStatement("SELECT destination FROM dmarc_report_delivery "
                 + "WHERE state = 'sent' AND sent_at >= ? AND LOWER(destination) LIKE ?")) {
            select.setLong(1, since.toEpochMilli());
            select.setString(2, "%@" + domain + "%");
            long count = 0;
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    if (MailtoAddress.parse(result.getString(1)).map(address -> address.domain().equals(domain)).orElse(false)) {
                        count++;
                    }
                }
            }
            return count;
        } catch (SQLException e) {
            throw new ReportStoreException("the reports sent to " + domain + " could not be counted: " + e.getMessage(), e);
        }
    }

    /** How many deliveries are in each state, for monitoring and tests. */
    @Override
    public Map<String, Long> deliveryStates() throws ReportStoreException {
        Map<String, Long> states = new LinkedHashMap<>();
        try (Connection connection = connections.open(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT state, COUNT(*) FROM dmarc_report_delivery GROUP BY state ORDER BY state")) {
            while (result.next()) {
                states.put(result.getString(1), result.getLong(2));
            }
            return states;
        } catch (SQLException e) {
            throw new ReportStoreException("the deliveries could not be counted: " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(Character.forDigit(b >> 4 & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

}
