package org.mailauth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.mailauth.dns.ServerAddress;

/**
 * The working directory of the James that {@code mailauth run} starts: {@code conf/} written from the
 * options at every start (so the options always tell the truth; in {@code conf/dkim/}'s tables only the block of
 * {@link DemoSigningKeys}), the pack jar in {@code extensions-jars/}, DKIM keys in {@code dkim-keys/}, the STARTTLS
 * certificate and key in {@code tls/} and James's own data, kept between starts; the WebAdmin token of this start in
 * {@code webadmin.token}; and the lock of the run using it, {@code run.lock}. Only its owner may enter it: it holds
 * the report database, James's log and the keys.
 */
final class JamesDirectory {

    /** Written from templates (cli/src/main/resources/org/mailauth/cli/james-conf), placeholders filled in. */
    static final List<String> TEMPLATES = List.of("smtpserver.xml", "imapserver.xml", "domainlist.xml",
        "usersrepository.xml", "mailrepositorystore.xml", "dnsservice.xml", "jmx.properties", "extensions.properties",
        "webadmin.properties", "logback.xml");

    private static final String RELAY_ANCHOR = "<outgoingQueue>outgoing</outgoingQueue>";

    private static final String AUTH_REQUIRES_TLS_HOOK = "org.mailauth.james.smtp.AuthRequiresTls";
    /** Refuses at the end of DATA what DMARC rejects (RFC 9989), before James answers. */
    private static final String AUTHENTICATION_HOOK = "org.mailauth.james.smtp.AuthenticationHook";

    private final Path root;
    private DemoSigningKeys signingKeys;
    private TlsIdentity tlsIdentity;
    private WebAdminToken webAdminToken;

    JamesDirectory(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path conf() {
        return root.resolve("conf");
    }

    Path log() {
        return root.resolve("logs").resolve("james.log");
    }

    /** The lock file of the run using this directory ({@link DataFolderLock}). */
    Path lockFile() {
        return root.resolve("run.lock");
    }

    /**
     * Creates the directory (only its owner may enter it) and claims it for this run; empty when another run holds
     * it. The claim ends when the returned lock is closed or this process ends.
     */
    Optional<DataFolderLock> lock() throws IOException {
        createPrivateRoot();
        return DataFolderLock.tryAcquire(lockFile());
    }

    private void createPrivateRoot() throws IOException {
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    }

    /** The bearer token for WebAdmin of this start (mode 0600; a new one at every start). */
    Path webAdminTokenFile() {
        return root.resolve("webadmin.token");
    }

    /**
     * Writes {@code conf/} for these settings and installs {@code packJar} as the only pack in extensions-jars/.
     *
     * @throws IllegalStateException when only one of the TLS certificate and key exists
     */
    void prepare(Settings settings, Path sampleMailetContainer, Path packJar, Instant now) throws IOException {
        createPrivateRoot();
        Files.createDirectories(conf());
        Files.createDirectories(log().getParent());
        tlsIdentity = TlsIdentity.prepare(root.resolve("tls"), settings.domain, now);
        Path jwtPublicKey = conf().resolve("webadmin-jwt.pub");
        webAdminToken = WebAdminToken.issue(jwtPublicKey, webAdminTokenFile(), now);
        Map<String, String> placeholders = new LinkedHashMap<>();
        placeholders.put("@SMTP_BIND@", settings.bind + ":" + settings.smtpPort);
        placeholders.put("@IMAP_BIND@", settings.bind + ":" + settings.imapPort);
        placeholders.put("@DOMAIN@", settings.domain);
        placeholders.put("@WEBADMIN_ENABLED@", "true");
        placeholders.put("@WEBADMIN_PORT@", Integer.toString(settings.webAdminPort));
        placeholders.put("@LOG_FILE@", log().toAbsolutePath().toString());
        placeholders.put("@NODE@", settings.cluster.logPrefix());
        placeholders.put("<!--@EXTRA_SMTP_SERVERS@-->", "");
        placeholders.put("<!--@TLS@-->", "<tls socketTLS=\"false\" startTLS=\"true\">"
            + "\n            <privateKey>" + fileUrl(tlsIdentity.privateKey()) + "</privateKey>"
            + "\n            <certificates>" + fileUrl(tlsIdentity.certificate()) + "</certificates>"
            + "\n        </tls>");
        placeholders.put("<!--@AUTH_REQUIRES_TLS@-->", settings.authRequiresTls ? "<requireSSL>true</requireSSL>" : "");
        placeholders.put("<!--@AUTH_HOOKS@-->", settings.authRequiresTls ? "<handler class=\"" + AUTH_REQUIRES_TLS_HOOK + "\"/>" : "");
        placeholders.put("<!--@AUTHENTICATION_HOOK@-->", settings.smtpReject ? "<handler class=\"" + AUTHENTICATION_HOOK + "\"/>" : "");
        placeholders.put("<!--@MAX_MESSAGE_SIZE@-->", "<maxmessagesize>" + settings.maxMessageSize.kibiOctets() + "</maxmessagesize>");
        placeholders.put("#@WEBADMIN_JWT@", "jwt.enabled=true\njwt.publickeypem.url=" + fileUrl(jwtPublicKey));
        placeholders.put("<!--@DNS_SERVERS@-->", settings.dnsServers.stream()
            .filter(server -> server.getPort() == ServerAddress.DNS_PORT)
            .map(server -> "<server>" + server.getAddress().getHostAddress() + "</server>")
            .collect(Collectors.joining("\n        ")));
        for (String template : TEMPLATES) {
            String text = template(template);
            for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
                text = text.replace(placeholder.getKey(), placeholder.getValue());
            }
            Files.writeString(conf().resolve(template), text);
        }
        Files.writeString(conf().resolve("mailetcontainer.xml"),
            withRelay(Files.readString(sampleMailetContainer), settings.relay));
        Files.writeString(conf().resolve("mailauth.properties"), mailauthProperties(settings));
        signingKeys = DemoSigningKeys.prepare(root.resolve("dkim-keys"), conf().resolve("dkim"), settings.domain);
        installPack(packJar);
    }

    /** The DKIM keys the sample's DKIMSign signs the domain's mail with; known once {@link #prepare} ran. */
    DemoSigningKeys signingKeys() {
        return signingKeys;
    }

    /** The STARTTLS certificate and key; known once {@link #prepare} ran. */
    TlsIdentity tlsIdentity() {
        return tlsIdentity;
    }

    /** The WebAdmin token of this start; known once {@link #prepare} ran. */
    WebAdminToken webAdminToken() {
        return webAdminToken;
    }

    /** A file as James's FileSystem names it, escaped for XML: {@code file://} and the absolute path. */
    private static String fileUrl(Path file) {
        return ("file://" + file.toAbsolutePath()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** RemoteDelivery sends to the relay (a smarthost) instead of looking up MX records. */
    static String withRelay(String mailetContainer, Optional<InetSocketAddress> relay) {
        if (relay.isEmpty()) {
            return mailetContainer;
        }
        if (!mailetContainer.contains(RELAY_ANCHOR)) {
            throw new IllegalStateException("the sample mailet container has no " + RELAY_ANCHOR + " to put the relay next to");
        }
        return mailetContainer.replace(RELAY_ANCHOR, RELAY_ANCHOR
            + "\n                <gateway>" + relay.get().getAddress().getHostAddress() + "</gateway>"
            + "\n                <gatewayPort>" + relay.get().getPort() + "</gatewayPort>");
    }

    private static String mailauthProperties(Settings settings) {
        StringBuilder properties = new StringBuilder("# Written by 'mailauth run' at every start.\n")
            .append("authserv-id=mx.").append(settings.domain).append('\n');
        if (!settings.dnsServers.isEmpty()) {
            properties.append("dns.servers=").append(settings.dnsServers.stream()
                .map(ServerAddress::format).collect(Collectors.joining(","))).append('\n');
        }
        properties.append("dns.timeout=").append(settings.dnsTimeoutMillis).append('\n');
        properties.append("reports.enabled=").append(settings.reports).append('\n');
        properties.append("reports.interval=").append(settings.reportInterval).append('\n');
        properties.append("reports.poll=").append(settings.reportInterval.matches("[0-9]+s?") ? "1s" : "60s").append('\n');
        if (settings.reportInterval.matches("[0-9]+s?")) {
            properties.append("reports.lease=10s\n");
        }
        properties.append("reports.from=dmarc-reports@").append(settings.domain).append('\n');
        properties.append(settings.cluster.properties());
        return properties.toString();
    }

    private void installPack(Path packJar) throws IOException {
        Path extensions = Files.createDirectories(root.resolve("extensions-jars"));
        try (DirectoryStream<Path> old = Files.newDirectoryStream(extensions, "mailauth-james-pack-*.jar")) {
            for (Path jar : old) {
                Files.delete(jar);
            }
        }
        Files.copy(packJar, extensions.resolve(packJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String template(String name) {
        try (InputStream in = JamesDirectory.class.getResourceAsStream("james-conf/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the mailauth jar lacks its James template " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the options of {@code mailauth run} decide about James's configuration. */
    static final class Settings {
        final String bind;
        final int smtpPort;
        final int imapPort;
        final int webAdminPort;
        final String domain;
        final Optional<InetSocketAddress> relay;
        final List<InetSocketAddress> dnsServers;
        final long dnsTimeoutMillis;
        final boolean reports;
        final String reportInterval;
        /** Beyond loopback: SMTP AUTH and IMAP LOGIN only after STARTTLS. */
        final boolean authRequiresTls;
        final MessageSize maxMessageSize;
        /** The end-of-DATA hook refuses what DMARC rejects. */
        final boolean smtpReject;
        final ClusterSettings cluster;

        Settings(String bind, int smtpPort, int imapPort, int webAdminPort, String domain,
                 Optional<InetSocketAddress> relay, List<InetSocketAddress> dnsServers, long dnsTimeoutMillis,
                 boolean reports, String reportInterval, boolean authRequiresTls, MessageSize maxMessageSize, boolean smtpReject,
                 ClusterSettings cluster) {
            this.cluster = cluster;
            this.smtpReject = smtpReject;
            this.authRequiresTls = authRequiresTls;
            this.maxMessageSize = maxMessageSize;
            this.reports = reports;
            this.reportInterval = reportInterval;
            this.bind = bind;
            this.smtpPort = smtpPort;
            this.imapPort = imapPort;
            this.webAdminPort = webAdminPort;
            this.domain = domain;
            this.relay = relay;
            this.dnsServers = List.copyOf(dnsServers);
            this.dnsTimeoutMillis = dnsTimeoutMillis;
        }
    }
}
