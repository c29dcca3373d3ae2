package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.utils.TestIMAPClient;
import org.apache.mailet.Mail;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The reports others send us, in a real James 3.8.1 with the sample configuration and its DMARCReportIngest block
 * switched on for the rua address: real report e-mails (Amazon SES's gzip labelled application/octet-stream, Mail.Ru's)
 * sent over SMTP are stored with the sender's DMARC result, and James's WebAdmin route (the dashboard's summary.json)
 * shows them; the same e-mail twice counts once; a broken report is kept in the repository with its reason.
 */
class DmarcReportIngestIT {

    private static final String RUA = "dmarc-reports@" + JamesHarness.DOMAIN;
    private static final String ERROR_REPOSITORY = "memory://var/mail/dmarc-report-error/";
    private static final String AMAZON_SES_REPORT_ID = "6b06c366-0631-4ca0-8337-f5aecf137918";
    private static final String MAIL_RU_REPORT_ID = "28551467700969547611667865600";
    private static JamesHarness james;

    @BeforeAll
    static void startJames() throws Exception {
        james = JamesHarness.builder()
            .zone(Zone.builder()
                .txt("reporter.test", "v=spf1 ip4:192.0.2.0/24 -all")
                .txt("_dmarc.reporter.test", "v=DMARC1; p=reject")
                .txt("amazonses.com", "v=spf1 ip4:192.0.2.0/24 -all")
                .txt("_dmarc.amazonses.com", "v=DMARC1; p=reject")
                .txt("mail-reports.test", "v=spf1 ip4:192.0.2.0/24 -all")
                .txt("_dmarc.mail-reports.test", "v=DMARC1; p=none")
                .build())
            .mailetContainer(withReportIngest(JamesHarness.sampleMailetContainer()))
            .webAdmin()
            .start();
        james.addUser(RUA, "pw");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    /** The sample as docs/reports.md says to switch the ingest on: its comment marks removed, our rua address set. */
    static String withReportIngest(String sample) {
        int mailet = sample.indexOf("<mailet match=\"RecipientIs=dmarc-reports@example.com\"");
        int end = sample.indexOf("-->", mailet);
        assertThat(mailet).as("the sample's DMARCReportIngest block").isPositive();
        return sample.substring(0, mailet) + "-->\n            " + sample.substring(mailet, end).replace("dmarc-reports@example.com", RUA)
            + sample.substring(end + "-->".length());
    }

    /** A real report e-mail, as its reporter would send it to us from {@code from}. */
    private static String reportEmail(String file, String originalFrom, String from) {
        try (InputStream in = DmarcReportIngestIT.class.getResourceAsStream("/received-reports/" + file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII).replace("\r\n", "\n").replace("\n", "\r\n");
            return text.replace("From: " + originalFrom + "\r\n", "From: " + from + "\r\n")
                .replace("To: domains@stalw.art\r\n", "To: " + RUA + "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(String clientIp, String from, String message) throws IOException {
        try (SmtpClient smtp = james.smtpFrom(clientIp)) {
            smtp.ehlo("mta." + from.substring(from.indexOf('@') + 1)).send(from, RUA, message);
        }
    }

    /** How many messages from {@code from} the rua mailbox holds. */
    private static int delivered(String from) throws IOException {
        try (TestIMAPClient imap = james.imap(RUA, "pw")) {
            imap.select(TestIMAPClient.INBOX);
            Matcher found = Pattern.compile("\\* SEARCH([ 0-9]*)").matcher(imap.sendCommand("SEARCH FROM \"" + from + "\""));
            return found.find() ? (int) Pattern.compile(" ").splitAsStream(found.group(1)).filter(number -> !number.isEmpty()).count() : 0;
        }
    }

    /**
     * The reports of {@code reportId} as James's WebAdmin route shows them (the dashboard's data, summary.json): one
     * entry per stored report, with its authenticity. The reports are from 2022, hence {@code since}.
     */
    private static List<JsonNode> reportsShown(String reportId) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            james.webAdmin().resolve("/mailauth/dmarc/summary.json?since=2022-01-01")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        List<JsonNode> reports = new ArrayList<>();
        for (JsonNode domain : new ObjectMapper().readTree(answer.body()).get("domains")) {
            for (JsonNode report : domain.get("report_list")) {
                if (report.get("report_id").asText().equals(reportId)) {
                    reports.add(report);
                }
            }
        }
        return reports;
    }

    @Test
    void aReportEmailSentTwiceToTheRuaMailboxIsStoredOnceAsAuthenticatedAndDeliveredBothTimes() throws Exception {
        String email = reportEmail("104.eml", "postmaster@amazonses.com", "postmaster@amazonses.com");

        send("192.0.2.20", "postmaster@amazonses.com", email);
        send("192.0.2.20", "postmaster@amazonses.com", email);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> delivered("postmaster@amazonses.com") == 2);
        assertThat(reportsShown(AMAZON_SES_REPORT_ID)).singleElement().satisfies(report -> {
            assertThat(report.get("org_name").asText()).isEqualTo("AMAZON-SES");
            assertThat(report.get("authenticity").asText()).isEqualTo("authenticated");
            assertThat(report.get("messages").asLong()).isEqualTo(1);
        });
        assertThat(james.mailsKeptIn(ERROR_REPOSITORY)).noneMatch(mail -> mail.getMaybeSender().asString().equals("postmaster@amazonses.com"));
    }

    @Test
    void aReportFromASenderThatFailsDmarcIsStoredAsUnauthenticated() throws Exception {
        send("203.0.113.50", "dmarc_support@mail-reports.test",
            reportEmail("102.eml", "dmarc_support@corp.mail.ru", "dmarc_support@mail-reports.test"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> delivered("dmarc_support@mail-reports.test") == 1);
        assertThat(reportsShown(MAIL_RU_REPORT_ID)).singleElement().satisfies(report -> assertThat(report.get("authenticity").asText())
            .as("SPF fails for 203.0.113.50 and nothing is signed: DMARC fail").isEqualTo("unauthenticated"));
    }

    @Test
    void aBrokenReportIsKeptInTheRepositoryWithItsReasonAndNotDelivered() throws Exception {
        String report = reportEmail("104.eml", "postmaster@amazonses.com", "broken@reporter.test");
        String attachment = "filename=amazonses.com!stalw.art!1663545600!1663632000.xml.gz\r\n\r\n";
        int base64 = report.indexOf(attachment) + attachment.length();
        String broken = report.substring(0, base64 + 3 * 78) + report.substring(report.indexOf("------=_Part_42492_694130218.1663669697673--"));

        send("192.0.2.21", "broken@reporter.test", broken);

        List<Mail> kept = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> keptFrom("broken@reporter.test"), mails -> !mails.isEmpty());
        assertThat(kept).singleElement().satisfies(mail -> assertThat(mail.getErrorMessage())
            .isEqualTo("not a DMARC report James can read: 'amazonses.com!stalw.art!1663545600!1663632000.xml.gz': a broken gzip "
                + "(Unexpected end of ZLIB input stream)"));
        assertThat(delivered("broken@reporter.test")).isZero();
    }

    private static List<Mail> keptFrom(String sender) throws Exception {
        List<Mail> kept = new ArrayList<>();
        for (Mail mail : james.mailsKeptIn(ERROR_REPOSITORY)) {
            if (mail.getMaybeSender().asString().equals(sender)) {
                kept.add(mail);
            }
        }
        return kept;
    }
}
