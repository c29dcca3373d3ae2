package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;
import org.mailauth.testkit.smtp.SmtpSink;

/**
 * DMARC aggregate reports (RFC 9990) end to end in a real James 3.8.1 with the sample configuration: inbound mail
 * for a domain with {@code rua=} is counted by the DMARCReports mailet, the interval (20 s here) closes, the
 * scheduler (a {@code guice.extension.startable}) sends the report through James to the SMTP sink, and the
 * report's XML is valid and counts exactly what was sent.
 */
class DmarcReportsIT {

    /** The first of them are kept for the report (issue 21); before, this record stopped reporting for every domain. */
    private static final List<String> MANY_URIS = IntStream.rangeClosed(1, 400).mapToObj(i -> String.format("dmarc-%03d@many.example", i))
        .collect(Collectors.toList());
    private static JamesHarness james;

    @BeforeAll
    static void startJames() throws Exception {
        james = JamesHarness.builder()
            .zone(Zone.builder()
                .txt("aligned.example", "v=spf1 ip4:192.0.2.0/24 -all")
                .txt("_dmarc.aligned.example", "v=DMARC1; p=reject; rua=mailto:dmarc@aligned.example")
                .txt("_dmarc.unverified.example", "v=DMARC1; p=none; rua=mailto:victim@third-party.example")
                .txt("_dmarc.forensic.example", "v=DMARC1; p=reject; ruf=mailto:ruf@forensic.example,mailto:victim@third-party.example")
                .txt("_dmarc.attacker.example", "v=DMARC1; p=none; rua=mailto:victim@%5B192.0.2.5%5D@attacker.example,"
                    + "mailto:postmaster@%5B127.0.0.1%5D@attacker.example,mailto:agg@attacker.example")
                .txt("_dmarc.good.example", "v=DMARC1; p=none; rua=mailto:agg@good.example")
                .longTxt("_dmarc.many.example", "v=DMARC1; p=none; rua=" + MANY_URIS.stream().map(uri -> "mailto:" + uri)
                    .collect(Collectors.joining(",")))
                .txt("_dmarc.bystander.example", "v=DMARC1; p=none; rua=mailto:dmarc@bystander.example")
                .build())
            .properties("reports.interval=20s\nreports.poll=1s\nreports.organization=mx.gateway.test\n"
                + "reports.from=dmarc-reports@gateway.test\nreports.failure.enabled=true\n")
            .start();
        james.addUser("bob@" + JamesHarness.DOMAIN, "pw");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    private static void send(String ip, String mailFrom, String from, int n) throws Exception {
        try (SmtpClient smtp = james.smtpFrom(ip)) {
            smtp.ehlo("client.example.net").send(mailFrom, "bob@" + JamesHarness.DOMAIN, "From: " + from + "\r\nTo: bob@"
                + JamesHarness.DOMAIN + "\r\nSubject: report " + n + "\r\nMessage-ID: <" + n + "." + ip + "@test>\r\n\r\nHi.\r\n");
        }
    }

    @Test
    void theReportArrivesValidWithExactlyTheCountsOfWhatWasSentAndNothingGoesToAnUnverifiedDestination() throws Exception {
        for (int i = 0; i < 3; i++) {
            send("192.0.2.10", "news@aligned.example", "news@aligned.example", i);
        }
        for (int i = 0; i < 2; i++) {
            send("198.51.100.3", "ceo@aligned.example", "ceo@aligned.example", 10 + i);
        }
        send("198.51.100.4", "x@unverified.example", "x@unverified.example", 20);

        List<SmtpSink.Received> reports = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
            .until(DmarcReportsIT::reportsToAligned, received -> totalCount(received) >= 5);

        assertThat(totalCount(reports)).isEqualTo(5);
        for (SmtpSink.Received report : reports) {
            assertThat(report.recipients).containsExactly("dmarc@aligned.example");
            assertThat(report.data.replaceAll("\r\n[ \t]+", " ")).contains("Subject: Report Domain: aligned.example Submitter: mx.gateway.test Report-ID: <");
            assertThat(report.data).contains("mx.gateway.test!aligned.example!");
            String xml = ReportMails.xml(report.data);
            validate(xml);
            assertThat(xml).contains("<policy_published><domain>aligned.example</domain><p>reject</p>");
        }
        String all = String.join("", reports.stream().map(report -> ReportMails.xml(report.data)).toArray(String[]::new));
        assertThat(all).contains("<source_ip>198.51.100.3</source_ip>").contains("<disposition>reject</disposition>")
            .contains("<source_ip>192.0.2.10</source_ip>").contains("<disposition>pass</disposition>");
        assertThat(james.sink().received()).noneMatch(mail -> mail.recipients.contains("victim@third-party.example"));
    }

    @Test
    void aHostileReportAddressIsNeverUsedAndCostsNoOtherDomainItsReport() throws Exception {
        send("198.51.100.5", "x@attacker.example", "x@attacker.example", 30);
        send("198.51.100.6", "y@good.example", "y@good.example", 31);

        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> james.sink().received().stream()
            .filter(mail -> mail.recipients.contains("agg@good.example") || mail.recipients.contains("agg@attacker.example")).count() >= 2);

        assertThat(james.sink().received()).noneMatch(mail -> mail.recipients.stream()
            .anyMatch(recipient -> recipient.contains("192.0.2.5") || recipient.contains("127.0.0.1") || recipient.contains("[")));
        assertThat(james.sink().received()).filteredOn(mail -> mail.recipients.contains("agg@good.example")).hasSize(1);
        assertThat(james.sink().received()).filteredOn(mail -> mail.recipients.contains("agg@attacker.example")).hasSize(1);
    }

    @Test
    void aFailureReportCarriesTheHeadersOnlyToVerifiedDestinationsAtMostOncePerHour() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (SmtpClient smtp = james.smtpFrom("198.51.100.9")) {
                smtp.ehlo("client.example.net").send("boss@forensic.example", "bob@" + JamesHarness.DOMAIN, "From: boss@forensic.example\r\n"
                    + "To: bob@" + JamesHarness.DOMAIN + "\r\nSubject: wire the money " + i + "\r\n\r\nsecret body text\r\n");
            }
        }

        SmtpSink.Received report = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> james.sink().received().stream()
            .filter(mail -> mail.recipients.contains("ruf@forensic.example")).findFirst(), java.util.Optional::isPresent).get();
        Thread.sleep(3000);

        assertThat(james.sink().received().stream().filter(mail -> mail.recipients.contains("ruf@forensic.example")).count())
            .as("one per destination per hour").isEqualTo(1);
        assertThat(report.data).contains("report-type=feedback-report").contains("Feedback-Type: auth-failure")
            .contains("Auth-Failure: dmarc").contains("Reported-Domain: forensic.example").contains("Subject: wire the money ")
            .doesNotContain("secret body text");
        assertThat(james.sink().received()).noneMatch(mail -> mail.recipients.contains("victim@third-party.example"));
    }

    /**
     * Issue 21, item 3: one message from a domain whose record lists 400 rua URIs made every write of the report store
     * fail ("Value too long for column DESTINATIONS"), and another domain's report never came. Now that domain's
     * report goes to the first URIs of its record only, at most ten, and the other domain gets its report.
     */
    @Test
    void aRecordWith400ReportUrisCostsNoOtherDomainItsReport() throws Exception {
        send("198.51.100.7", "x@many.example", "x@many.example", 30);
        send("192.0.2.20", "news@bystander.example", "news@bystander.example", 31);
        send("192.0.2.20", "news@bystander.example", "news@bystander.example", 32);

        List<SmtpSink.Received> bystander = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
            .until(() -> reportsTo("dmarc@bystander.example"), received -> totalCount(received) >= 2);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !reportsTo(MANY_URIS.get(0)).isEmpty());
        Thread.sleep(3000);

        assertThat(totalCount(bystander)).isEqualTo(2);
        List<String> manyRecipients = james.sink().received().stream().flatMap(mail -> mail.recipients.stream())
            .filter(MANY_URIS::contains).distinct().sorted().collect(Collectors.toList());
        System.out.println("400 rua URIs: reports went to " + manyRecipients.size() + " of them: " + manyRecipients);
        assertThat(manyRecipients).as("the first 5 of the record, in its order").isEqualTo(MANY_URIS.subList(0, 5));
        assertThat(totalCount(reportsTo(MANY_URIS.get(0)))).isEqualTo(1);
    }

    private static List<SmtpSink.Received> reportsTo(String recipient) {
        return james.sink().received().stream().filter(mail -> mail.recipients.contains(recipient)).collect(Collectors.toList());
    }

    private static List<SmtpSink.Received> reportsToAligned() {
        List<SmtpSink.Received> reports = new ArrayList<>();
        for (SmtpSink.Received mail : james.sink().received()) {
            if (mail.recipients.contains("dmarc@aligned.example")) {
                reports.add(mail);
            }
        }
        return reports;
    }

    private static long totalCount(List<SmtpSink.Received> reports) {
        long total = 0;
        for (SmtpSink.Received report : reports) {
            Matcher counts = Pattern.compile("<count>(\\d+)</count>").matcher(ReportMails.xml(report.data));
            while (counts.find()) {
                total += Long.parseLong(counts.group(1));
            }
        }
        return total;
    }


    private static void validate(String xml) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        Validator validator = factory.newSchema(new StreamSource(DmarcReportsIT.class
            .getResourceAsStream("/dmarc-schema/dmarcbis-aggregate-reporting-draft32.xsd"))).newValidator();
        validator.validate(new StreamSource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    }
}
