package org.mailauth.cli;

import java.util.Objects;
import java.util.Optional;

/**
 * What makes a {@code mailauth run} one node of several (docs/operations.md, "Several nodes"): its name, in the log
 * and in the report store's claims, and the report database every node shares. Without a database the node keeps
 * its reports in the embedded H2 store of its own folder, and is alone.
 */
final class ClusterSettings {

    /** A node name: it goes into log lines and claims as it is. */
    static final String NODE_NAME = "[A-Za-z0-9._-]{1,64}";

    static final ClusterSettings ALONE = new ClusterSettings(Optional.empty(), Optional.empty(), "", "");

    private final Optional<String> node;
    private final Optional<String> databaseUrl;
    private final String databaseUser;
    private final String databasePassword;

    ClusterSettings(Optional<String> node, Optional<String> databaseUrl, String databaseUser, String databasePassword) {
        this.node = Objects.requireNonNull(node);
        this.databaseUrl = Objects.requireNonNull(databaseUrl);
        this.databaseUser = Objects.requireNonNull(databaseUser);
        this.databasePassword = Objects.requireNonNull(databasePassword);
    }

    Optional<String> node() {
        return node;
    }

    /** The shared report database; empty for the embedded H2 store under the data folder. */
    Optional<String> databaseUrl() {
        return databaseUrl;
    }

    /** The {@code reports.node} and {@code reports.database.*} lines of mailauth.properties. */
    String properties() {
        StringBuilder properties = new StringBuilder();
        node.ifPresent(name -> properties.append("reports.node=").append(name).append('\n'));
        databaseUrl.ifPresent(url -> properties.append("reports.database.url=").append(escaped(url)).append('\n')
            .append("reports.database.user=").append(escaped(databaseUser)).append('\n')
            .append("reports.database.password=").append(escaped(databasePassword)).append('\n'));
        return properties.toString();
    }

    /** The log's prefix for this node: its name in brackets, or nothing. */
    String logPrefix() {
        return node.map(name -> "[" + name + "] ").orElse("");
    }

    /** A value as a properties file reads it back: backslashes doubled, line breaks escaped. */
    private static String escaped(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
