package org.mailauth.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.inbound.AuthenticationSettings;
import org.mailauth.inbound.MessageAuthenticator;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.james.verdicts.DmarcReporting;
import org.mailauth.james.verdicts.InboundPolicy;
import org.mailauth.results.AuthservId;
import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.report.DestinationVerification;
import org.mailauth.report.FailureReportLimiter;
import org.mailauth.report.ReportCollector;
import org.mailauth.report.ReportingSettings;
import org.mailauth.report.jdbc.JdbcReportStore;

/**
 * The report mailets: what is counted (inbound mail of domains that ask, nothing James wrote), the failure reports
 * handed to James, and the bounce-fed suppression list.
 */
class DMARCReportsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("_dmarc.example.org", "v=DMARC1; p=reject; rua=mailto:dmarc@example.org")
        .txt("_dmarc.quiet.example", "v=DMARC1; p=reject")
        .txt("_dmarc.forensic.example", "v=DMARC1; p=reject; ruf=mailto:ruf@forensic.example")
        .build();
    private final ReportCollector collector = new ReportCollector(100);

    private JdbcReportStore store() throws Exception {
        Path folder = Files.createTempDirectory("reports");
        String url = "jdbc:h2:file:" + folder.resolve("r");
        JdbcReportStore store = new JdbcReportStore(() -> DriverManager.getConnection(url, "sa", ""));
        store.migrate();
        return store;
    }

    private DMARCReports mailet(ReportingSettings reporting, JdbcReportStore store) throws Exception {
        return mailet(reporting, store, FakeMailContext.defaultContext());
    }

    private DMARCReports mailet(ReportingSettings reporting, JdbcReportStore store, FakeMailContext context) throws Exception {
        Verdicts verdicts = new Verdicts(new MessageAuthenticator(dns, AuthenticationSettings.builder().build()), InboundPolicy.defaults());
        DmarcReporting reports = new DmarcReporting(collector, reporting, DmarcMode.RFC9989, CLOCK,
            new DestinationVerification(dns, DmarcSettings.defaults()), new FailureReportLimiter(1, Duration.ofHours(1), CLOCK), context,
            AuthservId.of("mx.gateway.test"));
        DMARCReports mailet = new DMARCReports(verdicts, reports, collector, store);
        mailet.init(FakeMailetConfig.builder().mailetName("DMARCReports").mailetContext(context).build());
        return mailet;
    }

    private static FakeMail mail(String from) throws Exception {
        String message = "From: " + from + "\r\nTo: bob@gateway.test\r\nSubject: s\r\n\r\nbody\r\n";
        return FakeMail.builder().name("m").sender("x@elsewhere.example").recipient("bob@gateway.test").remoteAddr("198.51.100.7")
            .attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("h.example")))
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))))
            .build();
    }

    @Test
    void inboundMailOfADomainThatAsksIsCounted() throws Exception {
        DMARCReports mailet = mailet(ReportingSettings.builder().build(), store());

        mailet.service(mail("ceo@example.org"));
        mailet.service(mail("ceo@example.org"));
        mailet.service(mail("ceo@quiet.example"));

        assertThat(collector.pendingMessages()).as("quiet.example has no rua").isEqualTo(2);
    }

    @Test
    void mailJamesWroteItselfIsNeverCounted() throws Exception {
        DMARCReports mailet = mailet(ReportingSettings.builder().build(), store());
        FakeMail bounce = mail("ceo@example.org");
        bounce.setAttribute(new Attribute(AttributeName.of("org.apache.james.SentByMailet"), AttributeValue.of(true)));

        mailet.service(bounce);

        assertThat(collector.pendingMessages()).isZero();
    }

    @Test
    void withReportingOffNothingIsCounted() throws Exception {
        mailet(ReportingSettings.builder().enabled(false).build(), store()).service(mail("ceo@example.org"));

        assertThat(collector.pendingMessages()).isZero();
    }

    @Test
    void theBufferIsWrittenWhenJamesStops() throws Exception {
        JdbcReportStore store = store();
        DMARCReports mailet = mailet(ReportingSettings.builder().build(), store);
        mailet.service(mail("ceo@example.org"));

        mailet.destroy();

        assertThat(collector.pendingMessages()).isZero();
        assertThat(store.contents(java.util.Optional.empty())).hasSize(1);
    }

    /** The flow is core's (FailureReportSenderTest); the mailet hands the report to James, from the reporting address. */
    @Test
    void aFailureReportGoesToJamesFromTheReportingAddressWithTheHeaderSectionOnly() throws Exception {
        FakeMailContext context = FakeMailContext.defaultContext();
        DMARCReports mailet = mailet(ReportingSettings.builder().failureReports(true).from("dmarc-reports@gateway.test").build(), store(),
            context);

        mailet.service(mail("boss@forensic.example"));

        assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getSender().asString()).isEqualTo("dmarc-reports@gateway.test");
            assertThat(sent.getRecipients()).extracting(MailAddress::asString).containsExactly("ruf@forensic.example");
            assertThat(sent.getMsg().getContentType()).startsWith("multipart/report; report-type=feedback-report");
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            sent.getMsg().writeTo(raw);
            assertThat(raw.toString(StandardCharsets.UTF_8)).contains("Subject: s\r\n").doesNotContain("\r\nbody\r\n");
        });
    }

    @Test
    void aBounceOfReportMailSuppressesThatDestination() throws Exception {
        JdbcReportStore store = store();
        DMARCReportBounces bounces = new DMARCReportBounces(store, ReportingSettings.builder().from("reports@gateway.test").build(), CLOCK);
        bounces.init(FakeMailetConfig.builder().mailetName("bounces").mailetContext(FakeMailContext.defaultContext()).build());
        String dsn = "From: MAILER-DAEMON@mx.example.org\r\nTo: reports@gateway.test\r\nSubject: failure\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n"
            + "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
            + "Final-Recipient: rfc822; dmarc@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--b--\r\n";
        FakeMail bounce = FakeMail.builder().name("dsn").recipient("reports@gateway.test")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(dsn.getBytes(StandardCharsets.US_ASCII))))
            .build();

        bounces.service(bounce);

        assertThat(store.suppressed("mailto:dmarc@example.org")).isTrue();
        assertThat(store.suppressed("mailto:other@example.org")).isFalse();
    }
}
