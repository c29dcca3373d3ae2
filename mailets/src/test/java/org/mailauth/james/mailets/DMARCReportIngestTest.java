package org.mailauth.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryPath;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.inbound.AuthenticationSettings;
import org.mailauth.inbound.MessageAuthenticator;
import org.mailauth.james.verdicts.InboundPolicy;
import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.report.jdbc.JdbcReceivedReportStore;
import org.mailauth.report.jdbc.JdbcReportStore;
import org.mailauth.report.received.DmarcSummary;
import org.mailauth.report.received.Submission;

/**
 * DMARCReportIngest on a real H2 report store: a report e-mail is stored with its From and its own DMARC result, once
 * per report however often it comes, then delivered or dropped as configured; a mail that is not a report, or that
 * cannot be stored now, is kept in the error repository with the reason, never lost.
 */
class DMARCReportIngestTest {

    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    private static final String REPORT_XML = "<?xml version=\"1.0\"?><feedback>"
        + "<report_metadata><org_name>reporter.example</org_name><email>noreply@reporter.example</email>"
        + "<report_id>r-1</report_id><date_range><begin>1795996800</begin><end>1796083199</end></date_range></report_metadata>"
        + "<policy_published><domain>gateway.test</domain><p>none</p></policy_published>"
        + "<record><row><source_ip>192.0.2.1</source_ip><count>7</count><policy_evaluated><disposition>none</disposition>"
        + "<dkim>pass</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>gateway.test</header_from></identifiers>"
        + "<auth_results><dkim><domain>gateway.test</domain><result>pass</result></dkim></auth_results></record>"
        + "<record><row><source_ip>203.0.113.9</source_ip><count>2</count><policy_evaluated><disposition>none</disposition>"
        + "<dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>gateway.test</header_from></identifiers>"
        + "<auth_results><spf><domain>spoof.example</domain><result>fail</result></spf></auth_results></record></feedback>";

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("reporter.example", "v=spf1 ip4:198.51.100.7 -all")
        .txt("_dmarc.reporter.example", "v=DMARC1; p=reject")
        .txt("_dmarc.temperror.example", "v=DMARC1; p=reject")
        .txt("attacker.example", "v=spf1 ip4:203.0.113.9 -all")
        .txt("_dmarc.attacker.example", "v=DMARC1; p=reject")
        .temporaryFailure("temperror.example")
        .temporaryFailure("_dmarc.temperror.example")
        .build();
    private final Verdicts verdicts = new Verdicts(new MessageAuthenticator(dns, AuthenticationSettings.builder().build()),
        InboundPolicy.defaults());
    private final Repositories repositories = new Repositories();

    private static JdbcReceivedReportStore store(JdbcReportStore.Connections connections) throws Exception {
        new JdbcReportStore(connections).migrate();
        return new JdbcReceivedReportStore(connections);
    }

    private static JdbcReportStore.Connections database() throws IOException {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("received").resolve("r");
        return () -> DriverManager.getConnection(url, "sa", "");
    }

    private DMARCReportIngest mailet(JdbcReceivedReportStore store, String... parameters) throws MessagingException {
        DMARCReportIngest mailet = new DMARCReportIngest(store, verdicts, repositories, Clock.fixed(NOW, ZoneOffset.UTC));
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("DMARCReportIngest")
            .mailetContext(FakeMailContext.defaultContext());
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    /** An e-mail as a reporter sends it: the report gzip-compressed, labelled application/octet-stream (as Amazon SES does). */
    private static String reportEmail(String from, String xml) throws IOException {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(xml.getBytes(StandardCharsets.UTF_8));
        }
        return "From: " + from + "\r\nTo: dmarc@gateway.test\r\nSubject: Report Domain: gateway.test Submitter: reporter.example\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
            + "A DMARC aggregate report.\r\n--b\r\nContent-Type: application/octet-stream; name=\"r.xml.gz\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(gzip.toByteArray())
            + "\r\n--b--\r\n";
    }

    private static FakeMail mail(String message, String clientIp, String mailFrom) throws MessagingException {
        return FakeMail.builder().name("report-" + System.nanoTime()).sender(mailFrom).recipient("dmarc@gateway.test").remoteAddr(clientIp)
            .attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("mta.reporter.example")))
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8))))
            .build();
    }

    private static FakeMail reportFrom(String clientIp, String from) throws Exception {
        return mail(reportEmail(from, REPORT_XML), clientIp, from);
    }

    private static DmarcSummary.Domain summary(JdbcReceivedReportStore store) throws Exception {
        List<DmarcSummary.Domain> domains = store.summary(Optional.empty(), Instant.EPOCH, 10).domains();
        assertThat(domains).hasSize(1);
        return domains.get(0);
    }

    @Test
    void aReportFromASenderThatPassesDmarcIsStoredAsAuthenticatedWithItsFromAndArrival() throws Exception {
        JdbcReportStore.Connections database = database();
        JdbcReceivedReportStore store = store(database);
        FakeMail mail = reportFrom("198.51.100.7", "noreply@reporter.example");

        mailet(store).service(mail);

        DmarcSummary.Domain gateway = summary(store);
        assertThat(gateway.policyDomain()).isEqualTo("gateway.test");
        assertThat(gateway.messages()).isEqualTo(9);
        assertThat(gateway.reportList()).singleElement().satisfies(report -> {
            assertThat(report.reportId()).isEqualTo("r-1");
            assertThat(report.authenticity()).isEqualTo(Submission.Authenticity.AUTHENTICATED);
        });
        assertThat(submittedBy(database)).isEqualTo("noreply@reporter.example");
        assertThat(mail.getState()).as("afterStore=deliver, the default: it goes on").isNotEqualTo(Mail.GHOST);
        assertThat(repositories.kept()).isEmpty();
    }

    @Test
    void aReportNamingAnotherReporterIsUnauthenticatedThoughItsEmailPassesDmarcForItsOwnDomain() throws Exception {
        JdbcReceivedReportStore store = store(database());

        mailet(store).service(mail(reportEmail("dmarc@attacker.example", REPORT_XML), "203.0.113.9", "dmarc@attacker.example"));

        assertThat(summary(store).reportList()).singleElement().as("the report names noreply@reporter.example")
            .satisfies(report -> assertThat(report.authenticity()).isEqualTo(Submission.Authenticity.UNAUTHENTICATED));
    }

    @Test
    void aReportFromASenderThatFailsDmarcIsStoredButMarkedUnauthenticated() throws Exception {
        JdbcReceivedReportStore store = store(database());

        mailet(store).service(reportFrom("203.0.113.66", "noreply@reporter.example"));

        assertThat(summary(store).reportList()).singleElement()
            .satisfies(report -> assertThat(report.authenticity()).isEqualTo(Submission.Authenticity.UNAUTHENTICATED));
    }

    @Test
    void aReportWhoseSendersDmarcCouldNotBeEvaluatedIsOfUnknownAuthenticity() throws Exception {
        JdbcReceivedReportStore store = store(database());

        mailet(store).service(reportFrom("198.51.100.7", "noreply@temperror.example"));

        assertThat(summary(store).reportList()).singleElement()
            .satisfies(report -> assertThat(report.authenticity()).isEqualTo(Submission.Authenticity.UNKNOWN));
    }

    @Test
    void aReportInMailThePackDoesNotCheckIsOfUnknownAuthenticity() throws Exception {
        JdbcReceivedReportStore store = store(database());
        FakeMail written = reportFrom("198.51.100.7", "noreply@reporter.example");
        written.setAttribute(new Attribute(AttributeName.of("org.apache.james.SentByMailet"), AttributeValue.of(true)));

        mailet(store).service(written);

        assertThat(summary(store).reportList()).singleElement()
            .satisfies(report -> assertThat(report.authenticity()).isEqualTo(Submission.Authenticity.UNKNOWN));
    }

    @Test
    void theSameReportDeliveredTwiceIsCountedOnce() throws Exception {
        JdbcReceivedReportStore store = store(database());
        DMARCReportIngest mailet = mailet(store);

        mailet.service(reportFrom("198.51.100.7", "noreply@reporter.example"));
        FakeMail again = reportFrom("198.51.100.7", "noreply@reporter.example");
        mailet.service(again);

        assertThat(summary(store).reports()).isEqualTo(1);
        assertThat(summary(store).messages()).isEqualTo(9);
        assertThat(again.getState()).as("a duplicate is not an error").isNotEqualTo(Mail.GHOST);
        assertThat(repositories.kept()).isEmpty();
    }

    @Test
    void withAfterStoreDropTheStoredMailGoesNoFurther() throws Exception {
        JdbcReceivedReportStore store = store(database());
        FakeMail mail = reportFrom("198.51.100.7", "noreply@reporter.example");

        mailet(store, "afterStore", "drop").service(mail);

        assertThat(summary(store).reports()).isEqualTo(1);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(repositories.kept()).isEmpty();
    }

    @Test
    void aRealReportEmailIsStored() throws Exception {
        JdbcReceivedReportStore store = store(database());
        String amazonSes;
        try (InputStream in = getClass().getResourceAsStream("/received-reports/104.eml")) {
            amazonSes = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        mailet(store).service(mail(amazonSes, "54.240.14.92", "postmaster@amazonses.com"));

        DmarcSummary.Domain domain = summary(store);
        assertThat(domain.policyDomain()).isEqualTo("stalw.art");
        assertThat(domain.reportList()).singleElement().satisfies(report -> assertThat(report.orgName()).isEqualTo("AMAZON-SES"));
    }

    @Test
    void aFailureReportIsStoredAsOne() throws Exception {
        JdbcReceivedReportStore store = store(database());
        String arf = "From: noreply@reporter.example\r\nTo: dmarc@gateway.test\r\nSubject: DMARC failure report\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=feedback-report; boundary=\"f\"\r\n\r\n--f\r\nContent-Type: text/plain\r\n\r\n"
            + "A message claiming to be from you failed DMARC.\r\n--f\r\nContent-Type: message/feedback-report\r\n\r\n"
            + "Feedback-Type: auth-failure\r\nUser-Agent: test/1\r\nVersion: 1\r\nAuth-Failure: dmarc\r\nSource-IP: 203.0.113.9\r\n"
            + "Reported-Domain: gateway.test\r\n\r\n--f\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: ceo@gateway.test\r\n"
            + "Subject: wire the money\r\n\r\n--f--\r\n";

        mailet(store).service(mail(arf, "198.51.100.7", "noreply@reporter.example"));

        assertThat(summary(store).failureReports()).isEqualTo(1);
        assertThat(repositories.kept()).isEmpty();
    }

    @Test
    void aMailThatIsNotAReportIsKeptWithTheReasonInsteadOfGoingOn() throws Exception {
        JdbcReceivedReportStore store = store(database());
        FakeMail mail = mail("From: friend@reporter.example\r\nTo: dmarc@gateway.test\r\nSubject: hello\r\n\r\nAre you there?\r\n",
            "198.51.100.7", "friend@reporter.example");

        mailet(store, "afterStore", "drop").service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(repositories.kept()).singleElement().satisfies(kept -> {
            assertThat(kept.url).isEqualTo(MailRepositoryUrl.from("memory://var/mail/dmarc-report-error/"));
            assertThat(kept.errorMessage).isEqualTo("not a DMARC report James can read: the e-mail carries no report (its parts: text/plain)");
            assertThat(kept.name).isEqualTo(mail.getName());
        });
        assertThat(store.summary(Optional.empty(), Instant.EPOCH, 10).domains()).isEmpty();
    }

    @Test
    void aBrokenAttachmentIsKeptWithTheReason() throws Exception {
        String broken = reportEmail("noreply@reporter.example", REPORT_XML.replace("<count>7</count>", "<count>seven</count>"));
        FakeMail mail = mail(broken, "198.51.100.7", "noreply@reporter.example");

        mailet(store(database())).service(mail);

        assertThat(mail.getState()).as("kept instead of delivered, whatever afterStore says").isEqualTo(Mail.GHOST);
        assertThat(repositories.kept()).singleElement().satisfies(kept -> assertThat(kept.errorMessage)
            .isEqualTo("not a DMARC report James can read: 'r.xml.gz': record 1 count 'seven' is not a whole number"));
    }

    @Test
    void aStoreOutageKeepsTheMailAndProcessingItAgainLaterStoresItOnce() throws Exception {
        JdbcReportStore.Connections database = database();
        AtomicBoolean down = new AtomicBoolean(false);
        JdbcReceivedReportStore store = store(() -> {
            if (down.get()) {
                throw new SQLException("Connection refused", "08001");
            }
            return database.open();
        });
        DMARCReportIngest mailet = mailet(store);
        FakeMail mail = reportFrom("198.51.100.7", "noreply@reporter.example");

        down.set(true);
        mailet.service(mail);
        down.set(false);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        Kept kept = repositories.kept().get(0);
        assertThat(kept.errorMessage).startsWith("the report store is not available: ").contains("Connection refused");

        FakeMail reprocessed = reportFrom("198.51.100.7", "noreply@reporter.example");
        mailet.service(reprocessed);
        mailet.service(reportFrom("198.51.100.7", "noreply@reporter.example"));

        assertThat(reprocessed.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(summary(store).reports()).isEqualTo(1);
        assertThat(summary(store).reportList()).singleElement()
            .satisfies(report -> assertThat(report.authenticity()).isEqualTo(Submission.Authenticity.AUTHENTICATED));
    }

    @Test
    void whenTheRepositoryRefusesTheMailTheMailetFailsSoThatJamesKeepsIt() throws Exception {
        repositories.refuse = true;
        FakeMail mail = mail("From: a@reporter.example\r\n\r\nnot a report\r\n", "198.51.100.7", "a@reporter.example");
        DMARCReportIngest mailet = mailet(store(database()));

        assertThatThrownBy(() -> mailet.service(mail)).isInstanceOf(MessagingException.class)
            .hasMessageContaining("could not be kept in memory://var/mail/dmarc-report-error:");
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
    }

    @Test
    void anEmailLargerThanAReportFileMayBeIsKeptUnread() throws Exception {
        String huge = "From: a@reporter.example\r\nSubject: big\r\n\r\n" + "x".repeat(100).concat("\r\n").repeat(340_000);
        FakeMail mail = mail(huge, "198.51.100.7", "a@reporter.example");

        mailet(store(database())).service(mail);

        assertThat(repositories.kept()).singleElement().satisfies(kept -> assertThat(kept.errorMessage)
            .isEqualTo("not a DMARC report James can read: the e-mail is more than the 33554432 bytes a report file may have"));
    }

    @Test
    void theErrorRepositoryIsTheOneNamed() throws Exception {
        mailet(store(database()), "errorRepository", "file://var/mail/reports-unread/")
            .service(mail("From: a@reporter.example\r\n\r\nhello\r\n", "198.51.100.7", "a@reporter.example"));

        assertThat(repositories.kept()).singleElement()
            .satisfies(kept -> assertThat(kept.url).isEqualTo(MailRepositoryUrl.from("file://var/mail/reports-unread/")));
    }

    @Test
    void theDefaultErrorRepositoryUsesJamessDefaultProtocol() throws Exception {
        repositories.defaultProtocol = Optional.of(new Protocol("file"));

        mailet(store(database())).service(mail("From: a@reporter.example\r\n\r\nhello\r\n", "198.51.100.7", "a@reporter.example"));

        assertThat(repositories.kept()).singleElement()
            .satisfies(kept -> assertThat(kept.url).isEqualTo(MailRepositoryUrl.from("file://var/mail/dmarc-report-error/")));
    }

    @Test
    void anUnknownParameterStopsJamesNamingIt() {
        assertThatThrownBy(() -> mailet(store(database()), "afterstore", "drop")).isInstanceOf(MessagingException.class)
            .hasMessage("mailet org.mailauth.james.mailets.DMARCReportIngest: unknown parameter(s) [afterstore]; "
                + "the known parameters are [afterStore, errorRepository]");
    }

    @Test
    void anAfterStoreOtherThanDeliverOrDropStopsJames() {
        assertThatThrownBy(() -> mailet(store(database()), "afterStore", "bounce")).isInstanceOf(MessagingException.class)
            .hasMessage("mailet org.mailauth.james.mailets.DMARCReportIngest: invalid parameter afterStore: expected deliver or drop, "
                + "not 'bounce'");
    }

    @Test
    void anErrorRepositoryThatIsNotAUrlStopsJames() {
        assertThatThrownBy(() -> mailet(store(database()), "errorRepository", "var/mail/x")).isInstanceOf(MessagingException.class)
            .hasMessage("mailet org.mailauth.james.mailets.DMARCReportIngest: invalid parameter errorRepository: expected a repository URL "
                + "such as memory://var/mail/dmarc-report-error/, not 'var/mail/x'");
    }

    @Test
    void anErrorRepositoryJamesDoesNotOfferStopsJames() {
        repositories.unknownProtocols = true;

        assertThatThrownBy(() -> mailet(store(database()), "errorRepository", "cassandra://var/mail/x/"))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("mailet org.mailauth.james.mailets.DMARCReportIngest: invalid parameter errorRepository: "
                + "James has no mail repository cassandra://var/mail/x (");
    }

    /** The From the store keeps with the report (the summaries do not show it). */
    private static String submittedBy(JdbcReportStore.Connections database) throws SQLException {
        try (java.sql.Connection connection = database.open();
             java.sql.ResultSet row = connection.createStatement().executeQuery("SELECT submitted_by FROM dmarc_received_report")) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        }
    }

    /** A mail as a repository keeps it. */
    private static final class Kept {
        final MailRepositoryUrl url;
        final String name;
        final String errorMessage;

        Kept(MailRepositoryUrl url, Mail mail) {
            this.url = url;
            this.name = mail.getName();
            this.errorMessage = mail.getErrorMessage();
        }
    }

    /** James's MailRepositoryStore as the mailet sees it: repositories that keep a copy of what they are given. */
    private static final class Repositories implements MailRepositoryStore {
        private final List<Kept> kept = new ArrayList<>();
        Optional<Protocol> defaultProtocol = Optional.of(new Protocol("memory"));
        boolean refuse;
        boolean unknownProtocols;

        List<Kept> kept() {
            return kept;
        }

        @Override
        public MailRepository select(MailRepositoryUrl url) throws MailRepositoryStoreException {
            if (unknownProtocols) {
                throw new MailRepositoryStoreException("no repository for protocol " + url.getProtocol().getValue());
            }
            return new MailRepository() {
                private final Map<MailKey, Mail> mails = new LinkedHashMap<>();

                @Override
                public long size() {
                    return mails.size();
                }

                @Override
                public MailKey store(Mail mail) throws MessagingException {
                    if (refuse) {
                        throw new MessagingException("the repository is read-only");
                    }
                    kept.add(new Kept(url, mail));
                    mails.put(MailKey.forMail(mail), mail);
                    return MailKey.forMail(mail);
                }

                @Override
                public Iterator<MailKey> list() {
                    return mails.keySet().iterator();
                }

                @Override
                public Mail retrieve(MailKey key) {
                    return mails.get(key);
                }

                @Override
                public void remove(MailKey key) {
                    mails.remove(key);
                }

                @Override
                public void removeAll() {
                    mails.clear();
                }
            };
        }

        @Override
        public Optional<Protocol> defaultProtocol() {
            return defaultProtocol;
        }

        @Override
        public Optional<MailRepository> get(MailRepositoryUrl url) {
            return Optional.empty();
        }

        @Override
        public Stream<MailRepository> getByPath(MailRepositoryPath path) {
            return Stream.empty();
        }

        @Override
        public Stream<MailRepositoryUrl> getUrls() {
            return Stream.empty();
        }
    }
}
