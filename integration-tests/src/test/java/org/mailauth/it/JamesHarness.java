package org.mailauth.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.james.utils.TestIMAPClient;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;
import org.mailauth.testkit.smtp.SmtpSink;

/**
 * A real James 3.8.1 (memory flavour) installed the way docs/install.md says: the pack jar in
 * {@code extensions-jars/}, the pack's module in {@code conf/extensions.properties}, its settings in
 * {@code conf/mailauth.properties}, and the project's {@code sample-mailetcontainer.xml} as
 * {@code conf/mailetcontainer.xml}, unchanged. Around it: a loopback DNS server the pack resolves through,
 * an SMTP sink that receives what James relays out, and two SMTP listeners (a plain one, and one behind the
 * PROXY protocol so that tests choose the client IP).
 *
 * <p>James's own DNS service (used by RemoteDelivery for MX lookups) is replaced so that every domain's
 * mail exchanger is the sink; the pack does not use it.
 */
final class JamesHarness implements AutoCloseable {

    static final String DOMAIN = "gateway.test";
    static final String AUTHSERV_ID = "mx.gateway.test";
    /** The pack's SMTP hook, as smtpserver.xml declares it. */
    static final String SMTP_HOOK = "org.mailauth.james.smtp.ArgumentSyntax";
    /** The pack's WebAdmin route (docs/install.md). */
    static final String DASHBOARD_ROUTES = "org.mailauth.james.dashboard.DmarcDashboardRoutes";

    /** The configuration files of {@code mailauth run}, shared with the tests (cli/src/main/resources). */
    private static final List<String> CONF_FILES = List.of("smtpserver.xml", "imapserver.xml", "domainlist.xml",
        "usersrepository.xml", "mailrepositorystore.xml", "dnsservice.xml", "jmx.properties", "extensions.properties",
        "webadmin.properties");

    private final Path workingDirectory;
    private final LoopbackDnsServer dns;
    private final SmtpSink sink;
    private GuiceJamesServer server;
    private final int smtpPort;
    private final int proxySmtpPort;
    private final int imapPort;
    private final Optional<Integer> webAdminPort;

    private JamesHarness(Builder builder) throws Exception {
        this.workingDirectory = Files.createTempDirectory("mailauth-james-");
        this.dns = LoopbackDnsServer.start(builder.zone);
        this.sink = new SmtpSink(builder.sinkAnnounces8BitMime);
        this.smtpPort = freePort();
        this.proxySmtpPort = freePort();
        this.imapPort = freePort();
        this.webAdminPort = builder.webAdmin ? Optional.of(freePort()) : Optional.empty();
        try {
            writeConfiguration(builder);
            this.server = startServer();
        } catch (Exception e) {
            closeSidekicks();
            throw e;
        }
    }

    private GuiceJamesServer startServer() throws Exception {
        GuiceJamesServer started = MemoryJamesServerMain.createServer(MemoryJamesConfiguration.builder()
                .workingDirectory(workingDirectory.toFile())
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
                .build())
            .overrideWith(binder -> binder.bind(DNSService.class).toInstance(new SinkDnsService(sink.port())));
        try {
            started.start();
            return started;
        } catch (Exception e) {
            started.stop();
            throw e;
        }
    }

    /**
     * Stops James and starts it again on the same working directory (files such as the report store survive; the
     * memory flavour's users and mailboxes do not). The DNS server and the SMTP sink keep running.
     */
    void restart() throws Exception {
        server.stop();
        server = startServer();
    }

    static Builder builder() {
        return new Builder();
    }

    /** A path under James's working directory (e.g. "extensions-jars"). */
    Path path(String relative) {
        return workingDirectory.resolve(relative);
    }

    LoopbackDnsServer dns() {
        return dns;
    }

    SmtpSink sink() {
        return sink;
    }

    int smtpPort() {
        return smtpPort;
    }

    int imapPort() {
        return imapPort;
    }

    /** James's WebAdmin, with the pack's dashboard route, when the builder asked for it (no authentication, on 127.0.0.1). */
    java.net.URI webAdmin() {
        return java.net.URI.create("http://127.0.0.1:" + webAdminPort.orElseThrow(() -> new IllegalStateException("WebAdmin is off")));
    }

    /** The SMTP listener behind the PROXY protocol. */
    int proxySmtpPort() {
        return proxySmtpPort;
    }

    void addUser(String address, String password) throws Exception {
        server.getProbe(DataProbeImpl.class).addUser(address, password);
    }

    /** A RecipientRewriteTable mapping: James forwards mail for {@code localAddress} to {@code remoteAddress}. */
    void addForward(String localAddress, String remoteAddress) throws Exception {
        String[] parts = localAddress.split("@", 2);
        server.getProbe(DataProbeImpl.class).addAddressMapping(parts[0], parts[1], remoteAddress);
    }

    /** The value of a timer of James's metrics (JMX, domain "metrics"): James times every mailet and matcher by class name. */
    static Object timer(String name, String attribute) throws Exception {
        return java.lang.management.ManagementFactory.getPlatformMBeanServer()
            .getAttribute(new javax.management.ObjectName("metrics:name=" + name + ",type=timers"), attribute);
    }

    /** A session on the plain listener: James sees 127.0.0.1 as the client. */
    SmtpClient smtp() throws IOException {
        return SmtpClient.connect(smtpPort);
    }

    /** A session on the PROXY listener: James sees {@code clientIp} as the client. */
    SmtpClient smtpFrom(String clientIp) throws IOException {
        return SmtpClient.connectAs(clientIp, proxySmtpPort);
    }

    TestIMAPClient imap(String user, String password) throws IOException {
        return new TestIMAPClient().connect("127.0.0.1", imapPort).login(user, password);
    }

    long mailsIn(String repositoryUrl) throws Exception {
        return server.getProbe(MailRepositoryProbeImpl.class).getRepositoryMailCount(MailRepositoryUrl.from(repositoryUrl));
    }

    /** The mails a repository keeps, as James holds them (error message, sender, state). */
    List<org.apache.mailet.Mail> mailsKeptIn(String repositoryUrl) throws Exception {
        MailRepositoryProbeImpl probe = server.getProbe(MailRepositoryProbeImpl.class);
        MailRepositoryUrl url = MailRepositoryUrl.from(repositoryUrl);
        List<org.apache.mailet.Mail> mails = new ArrayList<>();
        for (org.apache.james.mailrepository.api.MailKey key : probe.listMailKeys(url)) {
            mails.add(probe.getMail(url, key));
        }
        return mails;
    }

    @Override
    public void close() {
        server.stop();
        closeSidekicks();
    }

    private void closeSidekicks() {
        dns.close();
        try {
            sink.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeConfiguration(Builder builder) throws IOException {
        Path conf = Files.createDirectories(workingDirectory.resolve("conf"));
        Map<String, String> placeholders = Map.of(
            "@SMTP_BIND@", "127.0.0.1:" + smtpPort,
            "@IMAP_BIND@", "127.0.0.1:" + imapPort,
            "@DOMAIN@", DOMAIN,
            "@WEBADMIN_ENABLED@", Boolean.toString(webAdminPort.isPresent()),
            "@WEBADMIN_PORT@", webAdminPort.map(String::valueOf).orElse("0"),
            "<!--@DNS_SERVERS@-->", "",
            "<!--@EXTRA_SMTP_SERVERS@-->", proxyListener(builder),
            "<!--@AUTHENTICATION_HOOK@-->", authenticationHook(builder));
        for (String file : CONF_FILES) {
            String text = resource("james-conf/" + file);
            for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
                text = text.replace(placeholder.getKey(), placeholder.getValue());
            }
            if (webAdminPort.isPresent() && file.equals("webadmin.properties")) {
                text = text + "\nextensions.routes=" + DASHBOARD_ROUTES + "\n";
            }
            if (!builder.pack && file.equals("extensions.properties")) {
                text = "# without the mailauth pack\n";
            }
            if ((!builder.pack || !builder.smtpHook) && file.equals("smtpserver.xml")) {
                text = text.replace("<handler class=\"" + SMTP_HOOK + "\"/>", "");
            }
            Files.writeString(conf.resolve(file), text);
        }
        Files.writeString(conf.resolve("mailetcontainer.xml"),
            builder.mailetContainer.orElseGet(JamesHarness::sampleMailetContainer));
        Files.writeString(conf.resolve("mailauth.properties"), "authserv-id=" + AUTHSERV_ID + "\n"
            + "dns.servers=" + dns.hostAndPort() + "\n"
            + "dns.timeout=" + builder.dnsTimeout.toMillis() + "\n" + builder.extraProperties);

        writeSigningTables(conf.resolve("dkim"), builder.signingKeys);

        Path extensions = Files.createDirectories(workingDirectory.resolve("extensions-jars"));
        if (builder.pack) {
            Path pack = packJar();
            Files.copy(pack, extensions.resolve(pack.getFileName()));
        }
    }

    /**
     * What the sample's DKIMSign reads: conf/dkim/KeyTable and SigningTable, every key signing for its domain
     * ("*@domain"), key files private to their owner as the mailet demands.
     */
    private static void writeSigningTables(Path folder, List<SigningKeyFile> keys) throws IOException {
        Files.createDirectories(folder);
        StringBuilder keyTable = new StringBuilder("# written by JamesHarness\n");
        StringBuilder signingTable = new StringBuilder("# written by JamesHarness\n");
        for (SigningKeyFile key : keys) {
            String name = key.domain + "-" + key.selector;
            Path file = folder.resolve(name + ".private");
            Files.writeString(file, key.pem);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            keyTable.append(name).append(' ').append(key.domain).append(':').append(key.selector).append(':')
                .append(file.getFileName()).append('\n');
            signingTable.append("*@").append(key.domain).append(' ').append(name).append('\n');
        }
        Files.writeString(folder.resolve("KeyTable"), keyTable);
        Files.writeString(folder.resolve("SigningTable"), signingTable);
    }

    /** The built pack jar (the build copies it next to the tests; see pom.xml). */
    static Path packJar() {
        String location = System.getProperty("mailauth.pack.jar");
        if (location == null || !Files.isRegularFile(Path.of(location))) {
            throw new IllegalStateException("the pack jar is missing (system property mailauth.pack.jar = " + location
                + "); run the tests through Maven");
        }
        return Path.of(location);
    }

    /** The pack's end-of-DATA hook, when the test asks for it, with its parameters. */
    private static String authenticationHook(Builder builder) {
        return builder.pack && builder.authenticationHook.isPresent()
            ? "<handler class=\"org.mailauth.james.smtp.AuthenticationHook\">" + builder.authenticationHook.get() + "</handler>"
            : "";
    }

    private String proxyListener(Builder builder) {
        String main = resource("james-conf/smtpserver.xml").replace("<!--@AUTHENTICATION_HOOK@-->", authenticationHook(builder));
        if (!builder.pack || !builder.smtpHook) {
            main = main.replace("<handler class=\"" + SMTP_HOOK + "\"/>", "");
        }
        String server = main.substring(main.indexOf("<smtpserver "), main.indexOf("</smtpserver>") + "</smtpserver>".length());
        return server
            .replace("<jmxName>smtpserver-mailauth</jmxName>", "<jmxName>smtpserver-proxy</jmxName>")
            .replace("@SMTP_BIND@", "127.0.0.1:" + proxySmtpPort)
            .replace("<connectionBacklog>", "<proxyRequired>true</proxyRequired>\n        <connectionBacklog>");
    }

    /** The project's sample-mailetcontainer.xml, as installed. */
    static String sampleMailetContainer() {
        return resource("james-conf/sample-mailetcontainer.xml");
    }

    private static String resource(String name) {
        try (InputStream in = JamesHarness.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** A DKIM private key (PEM) and where it signs. */
    static final class SigningKeyFile {
        final String domain;
        final String selector;
        final String pem;

        SigningKeyFile(String domain, String selector, String pem) {
            this.domain = domain;
            this.selector = selector;
            this.pem = pem;
        }
    }

    static final class Builder {
        private Zone zone = Zone.builder().build();
        private Optional<String> mailetContainer = Optional.empty();
        private final List<SigningKeyFile> signingKeys = new ArrayList<>();
        private boolean sinkAnnounces8BitMime = true;
        private String extraProperties = "";
        private java.time.Duration dnsTimeout = java.time.Duration.ofSeconds(2);
        private boolean pack = true;
        private boolean smtpHook = true;
        private Optional<String> authenticationHook = Optional.empty();
        private boolean webAdmin;

        /** The DNS data the pack sees. */
        Builder zone(Zone zone) {
            this.zone = zone;
            return this;
        }

        /** Replaces the sample mailet container (only for tests of broken configurations). */
        Builder mailetContainer(String xml) {
            this.mailetContainer = Optional.of(xml);
            return this;
        }

        /** A key the sample's DKIMSign signs mail from {@code domain} with (the tables list them in this order). */
        Builder signingKey(String domain, String selector, String pem) {
            signingKeys.add(new SigningKeyFile(domain, selector, pem));
            return this;
        }

        /** More lines for conf/mailauth.properties ("key=value\n"). */
        Builder properties(String lines) {
            this.extraProperties = extraProperties + lines;
            return this;
        }

        /**
         * James without the pack: no jar in extensions-jars, no module in extensions.properties, and {@code mailetContainer}
         * instead of the sample (which needs the pack). For measurements against James alone.
         */
        Builder withoutPack(String mailetContainer) {
            this.pack = false;
            return mailetContainer(mailetContainer);
        }

        /** The pack without its SMTP hook in smtpserver.xml: what an installation that skipped that step gets. */
        Builder withoutSmtpHook() {
            this.smtpHook = false;
            return this;
        }

        /**
         * The pack's end-of-DATA hook in smtpserver.xml (as {@code mailauth run} has it), with {@code parameters}, the
         * elements inside its {@code <handler>} ("" for none). Without it the mailet container alone decides.
         */
        Builder authenticationHook(String parameters) {
            this.authenticationHook = Optional.of(parameters);
            return this;
        }

        /** WebAdmin on, with the pack's dashboard route in {@code extensions.routes} as docs/install.md says. */
        Builder webAdmin() {
            this.webAdmin = true;
            return this;
        }

        /** How long the pack waits for one DNS answer (2 s unless set). */
        Builder dnsTimeout(java.time.Duration timeout) {
            this.dnsTimeout = timeout;
            return this;
        }

        /** The SMTP sink does not announce 8BITMIME, so RemoteDelivery must not send 8-bit data to it. */
        Builder sinkWithout8BitMime() {
            this.sinkAnnounces8BitMime = false;
            return this;
        }

        JamesHarness start() throws Exception {
            return new JamesHarness(this);
        }
    }

    /** James's DNS as the tests need it: every domain's mail exchanger is the SMTP sink. */
    private static final class SinkDnsService implements DNSService {
        private final int sinkPort;

        SinkDnsService(int sinkPort) {
            this.sinkPort = sinkPort;
        }

        @Override
        public Collection<String> findMXRecords(String hostname) {
            return List.of("127.0.0.1:" + sinkPort);
        }

        @Override
        public Collection<String> findTXTRecords(String hostname) {
            return List.of();
        }

        @Override
        public Collection<InetAddress> getAllByName(String host) throws UnknownHostException {
            return List.of(getByName(host));
        }

        @Override
        public InetAddress getByName(String host) throws UnknownHostException {
            if (host.equals("localhost") || host.equals("127.0.0.1")) {
                return InetAddress.getByName("127.0.0.1");
            }
            if (host.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':')) {
                return InetAddress.getByName(host);
            }
            throw new UnknownHostException(host);
        }

        @Override
        public InetAddress getLocalHost() throws UnknownHostException {
            return InetAddress.getByName("127.0.0.1");
        }

        @Override
        public String getHostName(InetAddress address) {
            return address.getHostAddress();
        }
    }
}
