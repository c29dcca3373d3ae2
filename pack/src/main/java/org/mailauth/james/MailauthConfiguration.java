package org.mailauth.james;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dmarc.IpRange;
import org.mailauth.dmarc.LocalPolicy;
import org.mailauth.dmarc.PublicSuffixList;
import org.mailauth.dns.DnsSettings;
import org.mailauth.options.DurationOption;
import org.mailauth.report.ReportingSettings;
import org.mailauth.results.AuthservId;

/**
 * The settings every matcher and mailet of the pack shares, read from {@code conf/mailauth.properties}
 * (docs/architecture.md, Configuration). Every key is optional; the defaults work with nothing configured. An unknown key or a
 * value that cannot be read stops James at start-up with a message naming the key.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><td>{@code authserv-id}</td><td>name in our Authentication-Results fields (RFC 8601 §2.5); default the host name</td></tr>
 * <tr><td>{@code dns.servers}</td><td>comma-separated {@code host[:port]}; default the system's resolvers</td></tr>
 * <tr><td>{@code dns.timeout}</td><td>milliseconds one query may take; default 5000</td></tr>
 * <tr><td>{@code dns.retries}</td><td>attempts after the first, on the next server; default 1</td></tr>
 * <tr><td>{@code dns.cache.entries}</td><td>answers kept; 0 turns the cache off; default 10000</td></tr>
 * <tr><td>{@code dns.cache.max-ttl}</td><td>seconds an answer is kept at most; default 86400</td></tr>
 * <tr><td>{@code dns.cache.max-negative-ttl}</td><td>seconds NXDOMAIN/NODATA is kept at most; default 3600</td></tr>
 * <tr><td>{@code dns.edns-payload}</td><td>EDNS(0) UDP size offered; default 1232</td></tr>
 * <tr><td>{@code verify-relay-allowed}</td><td>check mail of authenticated and relay-allowed clients too; default false</td></tr>
 * <tr><td>{@code dkim.min-rsa-bits}, {@code dkim.max-rsa-bits}</td><td>RSA key sizes accepted; default 1024, 8192</td></tr>
 * <tr><td>{@code dkim.max-signatures}</td><td>signatures examined per message; default 10</td></tr>
 * <tr><td>{@code dkim.clock-skew}</td><td>seconds a t= may lie in the future; default 300</td></tr>
 * <tr><td>{@code dmarc.mode}</td><td>{@code rfc9989} (default) or {@code rfc7489}</td></tr>
 * <tr><td>{@code dmarc.public-suffix-list}</td><td>a newer Public Suffix List file (RFC 7489 mode); default the bundled copy</td></tr>
 * <tr><td>{@code dmarc.trusted-forwarders}</td><td>IP ranges whose mail DMARC never quarantines or rejects</td></tr>
 * <tr><td>{@code dmarc.trusted-signing-domains}</td><td>DKIM domains (mailing lists) whose signed mail DMARC never quarantines or rejects</td></tr>
 * <tr><td>{@code dmarc.trusted-arc-sealers}</td><td>ARC sealer domains whose recorded aligned pass overrides a DMARC failure (RFC 8617 §7.2.1)</td></tr>
 * <tr><td>{@code dmarc.exempt-author-domains}</td><td>From domains (and subdomains) whose mail DMARC never quarantines or rejects</td></tr>
 * <tr><td>{@code dmarc.max-author-domains}</td><td>Author Domains evaluated per message; default 5</td></tr>
 * <tr><td>{@code reports.*}</td><td>aggregate reports: enabled, interval, organization, from, poll,
 * daily-cap-per-destination, denied-policy-domains, denied-destination-domains, database.url/user/password</td></tr>
 * <tr><td>{@code reports.lease}</td><td>how long a node's claim on a report lasts before another node may send it
 * (seconds, or a number with s, m, h or d); default 10m</td></tr>
 * <tr><td>{@code reports.closing-grace}</td><td>how long after its interval closes a report waits, so that every node
 * has written its rows (seconds, or a number with s, m, h or d); default twice {@code reports.poll}</td></tr>
 * <tr><td>{@code reports.node}</td><td>this node's name in the report store's claims and in the log; default the host name</td></tr>
 * <tr><td>{@code reports.received.retention}</td><td>how long received DMARC reports are kept, counted from their
 * arrival (seconds, or a number with s, m, h or d); default 400d</td></tr>
 * <tr><td>{@code dkim.body-length}</td><td>{@code whole-body} (default: content after l= refuses the signature) or {@code signed-part}</td></tr>
 * </table>
 */
public final class MailauthConfiguration {

    public static final String FILE_NAME = "mailauth";

    static final String AUTHSERV_ID = "authserv-id";
    static final String DNS_SERVERS = "dns.servers";
    static final String DNS_TIMEOUT = "dns.timeout";
    static final String DNS_RETRIES = "dns.retries";
    static final String DNS_CACHE_ENTRIES = "dns.cache.entries";
    static final String DNS_CACHE_MAX_TTL = "dns.cache.max-ttl";
    static final String DNS_CACHE_MAX_NEGATIVE_TTL = "dns.cache.max-negative-ttl";
    static final String DNS_EDNS_PAYLOAD = "dns.edns-payload";
    static final String VERIFY_RELAY_ALLOWED = "verify-relay-allowed";
    static final String DKIM_MIN_RSA_BITS = "dkim.min-rsa-bits";
    static final String DKIM_MAX_RSA_BITS = "dkim.max-rsa-bits";
    static final String DKIM_MAX_SIGNATURES = "dkim.max-signatures";
    static final String DKIM_CLOCK_SKEW = "dkim.clock-skew";
    static final String DKIM_BODY_LENGTH = "dkim.body-length";
    static final String DMARC_MODE = "dmarc.mode";
    static final String DMARC_PUBLIC_SUFFIX_LIST = "dmarc.public-suffix-list";
    static final String DMARC_TRUSTED_FORWARDERS = "dmarc.trusted-forwarders";
    static final String DMARC_TRUSTED_SIGNING_DOMAINS = "dmarc.trusted-signing-domains";
    static final String DMARC_EXEMPT_AUTHOR_DOMAINS = "dmarc.exempt-author-domains";
    static final String DMARC_TRUSTED_ARC_SEALERS = "dmarc.trusted-arc-sealers";
    static final String DMARC_MAX_AUTHOR_DOMAINS = "dmarc.max-author-domains";
    static final String REPORTS_ENABLED = "reports.enabled";
    static final String REPORTS_INTERVAL = "reports.interval";
    static final String REPORTS_ORGANIZATION = "reports.organization";
    static final String REPORTS_FROM = "reports.from";
    static final String REPORTS_POLL = "reports.poll";
    static final String REPORTS_LEASE = "reports.lease";
    static final String REPORTS_NODE = "reports.node";
    static final String REPORTS_CLOSING_GRACE = "reports.closing-grace";
    static final String REPORTS_DAILY_CAP = "reports.daily-cap-per-destination";
    static final String REPORTS_DENIED_POLICY_DOMAINS = "reports.denied-policy-domains";
    static final String REPORTS_DENIED_DESTINATION_DOMAINS = "reports.denied-destination-domains";
    static final String REPORTS_ALLOWED_POLICY_DOMAINS = "reports.allowed-policy-domains";
    static final String REPORTS_ALLOWED_DESTINATION_DOMAINS = "reports.allowed-destination-domains";
    static final String REPORTS_FAILURE_ENABLED = "reports.failure.enabled";
    static final String REPORTS_FAILURE_PER_HOUR = "reports.failure.per-destination-per-hour";
    static final String REPORTS_DATABASE_URL = "reports.database.url";
    static final String REPORTS_DATABASE_USER = "reports.database.user";
    static final String REPORTS_DATABASE_PASSWORD = "reports.database.password";
    static final String REPORTS_RECEIVED_RETENTION = "reports.received.retention";
    /**
     * How long received reports are kept by default: a year and a month, so that a sender seen once a year (annual
     * invoices, a yearly campaign) is still in the summary when the domain owner considers p=reject, and the same month
     * of last year can be compared; the rows are small (one per source and result per report).
     */
    static final Duration DEFAULT_RECEIVED_RETENTION = Duration.ofDays(400);

    private static final Set<String> KEYS = Set.of(AUTHSERV_ID, DNS_SERVERS, DNS_TIMEOUT, DNS_RETRIES,
        DNS_CACHE_ENTRIES, DNS_CACHE_MAX_TTL, DNS_CACHE_MAX_NEGATIVE_TTL, DNS_EDNS_PAYLOAD, VERIFY_RELAY_ALLOWED,
        DKIM_MIN_RSA_BITS, DKIM_MAX_RSA_BITS, DKIM_MAX_SIGNATURES, DKIM_CLOCK_SKEW, DKIM_BODY_LENGTH, DMARC_MODE,
        DMARC_PUBLIC_SUFFIX_LIST, DMARC_TRUSTED_FORWARDERS, DMARC_TRUSTED_SIGNING_DOMAINS, DMARC_EXEMPT_AUTHOR_DOMAINS, DMARC_TRUSTED_ARC_SEALERS, DMARC_MAX_AUTHOR_DOMAINS, REPORTS_ENABLED,
        REPORTS_INTERVAL, REPORTS_ORGANIZATION, REPORTS_FROM, REPORTS_POLL, REPORTS_LEASE, REPORTS_NODE, REPORTS_CLOSING_GRACE, REPORTS_DAILY_CAP, REPORTS_DENIED_POLICY_DOMAINS,
        REPORTS_DENIED_DESTINATION_DOMAINS, REPORTS_ALLOWED_POLICY_DOMAINS, REPORTS_ALLOWED_DESTINATION_DOMAINS, REPORTS_FAILURE_ENABLED, REPORTS_FAILURE_PER_HOUR, REPORTS_DATABASE_URL, REPORTS_DATABASE_USER, REPORTS_DATABASE_PASSWORD,
        REPORTS_RECEIVED_RETENTION);

    private final DnsSettings dns;
    private final AuthservId authservId;
    private final boolean verifyRelayAllowed;
    private final DkimSettings dkim;
    private final DmarcSettings dmarc;
    private final ReportingSettings reporting;
    private final Optional<String> databaseUrl;
    private final String databaseUser;
    private final String databasePassword;
    private final Duration receivedRetention;

    private MailauthConfiguration(DnsSettings dns, AuthservId authservId, boolean verifyRelayAllowed, DkimSettings dkim,
                                  DmarcSettings dmarc, ReportingSettings reporting, Optional<String> databaseUrl, String databaseUser,
                                  String databasePassword, Duration receivedRetention) {
        this.receivedRetention = receivedRetention;
        this.reporting = reporting;
        this.databaseUrl = databaseUrl;
        this.databaseUser = databaseUser;
        this.databasePassword = databasePassword;
        this.dns = dns;
        this.authservId = authservId;
        this.verifyRelayAllowed = verifyRelayAllowed;
        this.dkim = dkim;
        this.dmarc = dmarc;
    }

    /** The defaults, as with an empty or missing file. */
    public static MailauthConfiguration defaults() {
        return parse(Map.of());
    }

    /** @throws IllegalArgumentException naming the key at fault */
    public static MailauthConfiguration parse(Map<String, String> properties) {
        Set<String> unknown = new TreeSet<>(properties.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("mailauth.properties: unknown key(s) " + unknown
                + "; the known keys are " + new TreeSet<>(KEYS));
        }
        Values values = new Values(properties);
        DnsSettings.Builder dns = DnsSettings.builder();
        values.set(DNS_SERVERS, text -> Arrays.stream(text.split(","))
            .map(String::trim).filter(spec -> !spec.isEmpty()).collect(Collectors.toList()), dns::serverSpecs);
        values.set(DNS_TIMEOUT, text -> Duration.ofMillis(Long.parseLong(text)), dns::timeout);
        values.set(DNS_RETRIES, Integer::parseInt, dns::retries);
        values.set(DNS_CACHE_ENTRIES, Integer::parseInt, dns::cacheEntries);
        values.set(DNS_CACHE_MAX_TTL, text -> Duration.ofSeconds(Long.parseLong(text)), dns::maxTtl);
        values.set(DNS_CACHE_MAX_NEGATIVE_TTL, text -> Duration.ofSeconds(Long.parseLong(text)), dns::maxNegativeTtl);
        values.set(DNS_EDNS_PAYLOAD, Integer::parseInt, dns::ednsPayload);
        AuthservId authservId = values.get(AUTHSERV_ID, AuthservId::of).orElseGet(MailauthConfiguration::hostName);
        boolean verifyRelayAllowed = values.get(VERIFY_RELAY_ALLOWED, MailauthConfiguration::bool).orElse(false);
        DkimSettings.Builder dkim = DkimSettings.builder();
        values.set(DKIM_MIN_RSA_BITS, Integer::parseInt, dkim::minRsaBits);
        values.set(DKIM_MAX_RSA_BITS, Integer::parseInt, dkim::maxRsaBits);
        values.set(DKIM_MAX_SIGNATURES, Integer::parseInt, dkim::maxSignatures);
        values.set(DKIM_CLOCK_SKEW, text -> Duration.ofSeconds(Long.parseLong(text)), dkim::clockSkew);
        values.set(DKIM_BODY_LENGTH, MailauthConfiguration::bodyLength, dkim::bodyLengthPolicy);
        DmarcSettings.Builder dmarc = DmarcSettings.builder();
        values.set(DMARC_MODE, MailauthConfiguration::dmarcMode, dmarc::mode);
        values.set(DMARC_PUBLIC_SUFFIX_LIST, MailauthConfiguration::publicSuffixList, dmarc::publicSuffixList);
        List<IpRange> forwarders = values.get(DMARC_TRUSTED_FORWARDERS, text -> list(text).stream().map(IpRange::parse)
            .collect(Collectors.toList())).orElse(List.of());
        Set<String> signingDomains = values.get(DMARC_TRUSTED_SIGNING_DOMAINS, text -> Set.copyOf(list(text))).orElse(Set.of());
        Set<String> exemptDomains = values.get(DMARC_EXEMPT_AUTHOR_DOMAINS, MailauthConfiguration::domains).orElse(Set.of());
        Set<String> arcSealers = values.get(DMARC_TRUSTED_ARC_SEALERS, MailauthConfiguration::domains).orElse(Set.of());
        dmarc.localPolicy(LocalPolicy.builder().trustedForwarders(forwarders).trustedSigningDomains(signingDomains)
            .exemptAuthorDomains(exemptDomains).trustedArcSealers(arcSealers).build());
        values.set(DMARC_MAX_AUTHOR_DOMAINS, Integer::parseInt, dmarc::maxAuthorDomains);
        ReportingSettings.Builder reporting = ReportingSettings.builder().organization(authservId.value());
        values.set(REPORTS_ENABLED, MailauthConfiguration::bool, reporting::enabled);
        values.set(REPORTS_INTERVAL, DurationOption::parse, reporting::interval);
        values.set(REPORTS_ORGANIZATION, text -> text, reporting::organization);
        values.set(REPORTS_FROM, text -> text, reporting::from);
        values.set(REPORTS_POLL, DurationOption::parse, reporting::poll);
        Duration poll = values.get(REPORTS_POLL, DurationOption::parse).orElse(ReportingSettings.DEFAULT_POLL);
        values.set(REPORTS_CLOSING_GRACE, DurationOption::parse, reporting::closingGrace);
        if (values.get(REPORTS_CLOSING_GRACE, DurationOption::parse).isEmpty()) {
            reporting.closingGrace(poll.multipliedBy(2));
        }
        values.set(REPORTS_LEASE, DurationOption::parse, reporting::lease);
        values.set(REPORTS_NODE, MailauthConfiguration::nodeName, reporting::node);
        values.set(REPORTS_DAILY_CAP, Integer::parseInt, reporting::dailyCapPerDestination);
        values.set(REPORTS_DENIED_POLICY_DOMAINS, text -> Set.copyOf(list(text)), reporting::deniedPolicyDomains);
        values.set(REPORTS_DENIED_DESTINATION_DOMAINS, text -> Set.copyOf(list(text)), reporting::deniedDestinationDomains);
        values.set(REPORTS_ALLOWED_POLICY_DOMAINS, text -> Set.copyOf(list(text)), reporting::allowedPolicyDomains);
        values.set(REPORTS_ALLOWED_DESTINATION_DOMAINS, text -> Set.copyOf(list(text)), reporting::allowedDestinationDomains);
        values.set(REPORTS_FAILURE_ENABLED, MailauthConfiguration::bool, reporting::failureReports);
        values.set(REPORTS_FAILURE_PER_HOUR, Integer::parseInt, reporting::failureReportsPerHour);
        Optional<String> databaseUrl = values.get(REPORTS_DATABASE_URL, MailauthConfiguration::jdbcUrl);
        return new MailauthConfiguration(dns.build(), authservId, verifyRelayAllowed, dkim.build(), dmarc.build(), reporting.build(),
            databaseUrl, values.get(REPORTS_DATABASE_USER, text -> text).orElse(""),
            values.get(REPORTS_DATABASE_PASSWORD, text -> text).orElse(""),
            values.get(REPORTS_RECEIVED_RETENTION, DurationOption::parse).orElse(DEFAULT_RECEIVED_RETENTION));
    }

    /** Aggregate reports: on/off, interval, reporter, scheduler, limits. */
    public ReportingSettings reporting() {
        return reporting;
    }

    /** How long received DMARC reports are kept, by the time they arrived (reports.received.retention; default 400d). */
    public Duration receivedRetention() {
        return receivedRetention;
    }

    /** The report store's JDBC URL; empty for the embedded H2 database under James's folder. */
    public Optional<String> databaseUrl() {
        return databaseUrl;
    }

    public String databaseUser() {
        return databaseUser;
    }

    public String databasePassword() {
        return databasePassword;
    }

    /** A node name: letters, digits, '.', '_' and '-', at most 64 (it goes into claims and log lines as it is). */
    private static String nodeName(String text) {
        if (!text.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("expected letters, digits, '.', '_' or '-', at most 64");
        }
        return text;
    }

    private static String jdbcUrl(String text) {
        if (!text.startsWith("jdbc:h2:") && !text.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("expected a jdbc:h2: or jdbc:postgresql: URL");
        }
        return text;
    }

    /** DMARC: the mode, the Public Suffix List (RFC 7489 mode), local exceptions, the Author Domain limit. */
    public DmarcSettings dmarc() {
        return dmarc;
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).collect(Collectors.toList());
    }

    /** Domain names as A-labels, so that "bücher.example" in the file matches the Author Domain xn--bcher-kva.example. */
    private static Set<String> domains(String text) {
        Set<String> domains = new java.util.HashSet<>();
        for (String domain : list(text)) {
            domains.add(org.mailauth.dns.Idna.toAscii(domain).orElseThrow(() -> new IllegalArgumentException("'" + domain
                + "' is not a domain name")));
        }
        return Set.copyOf(domains);
    }

    private static DmarcMode dmarcMode(String text) {
        return DmarcMode.of(text).orElseThrow(() -> new IllegalArgumentException("expected rfc9989 or rfc7489"));
    }

    private static PublicSuffixList publicSuffixList(String path) {
        try {
            return PublicSuffixList.read(java.nio.file.Path.of(path));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read it: " + e.getMessage(), e);
        }
    }

    public DnsSettings dns() {
        return dns;
    }

    public AuthservId authservId() {
        return authservId;
    }

    /** Whether mail of authenticated and relay-allowed clients is checked too (it is outbound mail). */
    public boolean verifyRelayAllowed() {
        return verifyRelayAllowed;
    }

    /** The DKIM verifier's policy; its clock is set where it is built. */
    public DkimSettings dkim() {
        return dkim;
    }

    private static DkimSettings.BodyLengthPolicy bodyLength(String text) {
        switch (text) {
            case "whole-body":
                return DkimSettings.BodyLengthPolicy.WHOLE_BODY;
            case "signed-part":
                return DkimSettings.BodyLengthPolicy.SIGNED_PART;
            default:
                throw new IllegalArgumentException("expected whole-body or signed-part");
        }
    }

    private static boolean bool(String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("expected true or false");
    }

    @Override
    public String toString() {
        return AUTHSERV_ID + "=" + authservId + " " + VERIFY_RELAY_ALLOWED + "=" + verifyRelayAllowed + " dns: " + dns;
    }

    private static AuthservId hostName() {
        try {
            return AuthservId.of(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return AuthservId.of("localhost");
        }
    }

    /** Reads values, turning any parse or range error into one that names the key. */
    private static final class Values {
        private final Map<String, String> properties;

        Values(Map<String, String> properties) {
            this.properties = properties;
        }

        /** The parsed value of {@code key}, if it has one. */
        <T> Optional<T> get(String key, Function<String, T> parse) {
            Optional<String> text = Optional.ofNullable(properties.get(key)).map(String::trim).filter(value -> !value.isEmpty());
            try {
                return text.map(parse);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mailauth.properties: invalid " + key + " '" + text.get() + "': "
                    + e.getMessage(), e);
            }
        }

        /** When {@code key} has a value, parses it and hands it to {@code setting}, which may refuse it too. */
        <T> void set(String key, Function<String, T> parse, Consumer<T> setting) {
            get(key, text -> {
                T value = parse.apply(text);
                setting.accept(value);
                return value;
            });
        }
    }
}
