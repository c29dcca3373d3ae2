package org.mailauth.james39;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.junit.jupiter.api.Test;

/**
 * The pack's mailets, made by James 3.9.0 from the James 3.9 pack jar, on James 3.9's {@code Mail} and Jakarta Mail
 * messages: the Authentication-Results field (RFC 8601), DKIM signing (RFC 6376 §5) checked by dkimpy and by the
 * pack's DKIM matcher, ARC sealing (RFC 8617 §5.1) checked by the pack's ARC matcher, and the DMARC aggregate-report
 * rows (RFC 9990) written to the report store.
 */
class MailetsOnJames39Test {

    private static final String FORGED = "From: Alice <alice@example.org>\r\nTo: bob@gateway.test\r\nSubject: hello\r\n"
        + "Date: Mon, 30 Nov 2026 01:00:00 +0000\r\nMessage-ID: <1@example.org>\r\n\r\nHello Bob.\r\n";
    private static final String OUTGOING = "From: Alice <alice@sender.example>\r\nTo: carol@remote.example\r\n"
        + "Subject: report\r\nDate: Mon, 30 Nov 2026 01:00:00 +0000\r\nMessage-ID: <2@sender.example>\r\n\r\n"
        + "The figures, as promised.\r\n";

    private final James39Gateway gateway = James39Gateway.instance();
    private final James39Extensions extensions = gateway.extensions();

    private Mailet dkimSign() throws Exception {
        return extensions.mailet("org.mailauth.james.mailets.DKIMSign", Map.of("domain", "sender.example", "selector", "s1",
            "privateKeyFile", gateway.dkimKeyFile().toString()));
    }

    @Test
    void authenticationResultsWritesTheVerdictOnTopOfTheJakartaMessage() throws Exception {
        Mail mail = Mails.inbound("198.51.100.1", "alice@example.org", FORGED);

        extensions.mailet("org.mailauth.james.mailets.AuthenticationResults", Map.of()).service(mail);

        String[] fields = mail.getMessage().getHeader("Authentication-Results");
        assertThat(fields).hasSize(1);
        assertThat(fields[0]).startsWith(James39Gateway.AUTHSERV_ID + ";").contains("spf=fail").contains("dmarc=fail")
            .contains("header.from=example.org");
        assertThat(Mails.firstHeaderLine(mail)).startsWith("Authentication-Results: " + James39Gateway.AUTHSERV_ID + ";");
    }

    @Test
    void dkimSignMakesASignatureDkimpyVerifies() throws Exception {
        Mail mail = Mails.outbound("alice@sender.example", OUTGOING);

        dkimSign().service(mail);

        String signed = Mails.bytes(mail);
        assertThat(Mails.firstHeaderLine(mail)).startsWith("DKIM-Signature: v=1; a=rsa-sha256; ");
        assertThat(Dkimpy.verify(signed, gateway.dkimKeyDns())).isEqualTo("pass");
    }

    @Test
    void mailTheMailetSignedPassesDkimAndDmarcOnTheWayIn() throws Exception {
        Mail outgoing = Mails.outbound("alice@sender.example", OUTGOING);
        dkimSign().service(outgoing);
        Mail arriving = Mails.inbound("198.51.100.1", "alice@sender.example", Mails.bytes(outgoing));

        assertThat(extensions.matcher("org.mailauth.james.matchers.DKIM", "pass").match(arriving)).hasSize(1);
        assertThat(extensions.matcher("org.mailauth.james.matchers.DMARC", "pass").match(arriving)).hasSize(1);
    }

    @Test
    void arcSealSealsForwardedMailWithAChainTheArcMatcherValidates() throws Exception {
        Mail forwarded = Mails.inbound("192.0.2.1", "alice@example.org", FORGED);

        extensions.mailet("org.mailauth.james.mailets.ARCSeal", Map.of("domain", "sender.example", "selector", "s1",
            "privateKeyFile", gateway.dkimKeyFile().toString())).service(forwarded);

        assertThat(Mails.firstHeaderLine(forwarded)).startsWith("ARC-Seal: ").contains("cv=none; d=sender.example; i=1; s=s1;");
        Mail arriving = Mails.inbound("198.51.100.1", "alice@example.org", Mails.bytes(forwarded));
        assertThat(extensions.matcher("org.mailauth.james.matchers.ARC", "pass").match(arriving)).hasSize(1);
    }

    @Test
    void dmarcReportsCountsTheMailAndWritesItsRowToTheReportStoreWhenJamesStops() throws Exception {
        Object collector = extensions.instance("org.mailauth.report.ReportCollector");
        Object store = extensions.instance("org.mailauth.report.ReportStore");
        Mailet reports = extensions.mailet("org.mailauth.james.mailets.DMARCReports", Map.of());

        reports.service(Mails.inbound("198.51.100.1", "alice@example.org", FORGED));
        long counted = (long) collector.getClass().getMethod("pendingMessages").invoke(collector);
        reports.destroy();

        assertThat(counted).isEqualTo(1);
        assertThat((List<?>) store.getClass().getMethod("contents", Optional.class).invoke(store, Optional.empty())).hasSize(1);
    }
}
