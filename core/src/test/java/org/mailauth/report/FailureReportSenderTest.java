package org.mailauth.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.mailauth.dmarc.DmarcEvaluator;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dns.DnsAnswer;
import org.mailauth.dns.DnsResolver;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.dns.MxHost;
import org.mailauth.inbound.SmtpFacts;
import org.mailauth.spf.SpfResult;
import org.mailauth.testkit.time.SettableClock;

/**
 * The failure-report flow (RFC 9991): a report about a message goes, when the record asks and failure reports are on,
 * to each verified {@code ruf} destination (RFC 9991 §5), at most five per record, at most the configured number per
 * destination domain and hour (§2, §8.1), with the message's header section only; a destination that cannot have its
 * report costs the others nothing.
 */
class FailureReportSenderTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String SIX_RUF = IntStream.rangeClosed(1, 6).mapToObj(i -> "mailto:ruf" + i + "@many.example")
        .collect(Collectors.joining(","));
    private static final InMemoryDnsResolver DNS = InMemoryDnsResolver.builder()
        .txt("_dmarc.forensic.example", "v=DMARC1; p=reject; ruf=mailto:ruf@forensic.example,mailto:victim@third-party.example")
        .txt("_dmarc.outsourced.example", "v=DMARC1; p=reject; ruf=mailto:ruf@reports.example.net,mailto:ruf@outsourced.example")
        .txt("outsourced.example._report._dmarc.reports.example.net", "v=DMARC1")
        .txt("_dmarc.many.example", "v=DMARC1; p=reject; ruf=" + SIX_RUF)
        .txt("_dmarc.quiet.example", "v=DMARC1; p=reject")
        .build();
    private static final String HEADER = "From: boss@forensic.example\r\nTo: bob@gateway.test\r\nSubject: wire the money\r\n";
    private static final String OURS = "mx.gateway.test;\r\n\tspf=fail smtp.mailfrom=forensic.example;\r\n\tdmarc=fail header.from=forensic.example";

    private final SettableClock clock = new SettableClock(NOW);
    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    /** What the recording transport was handed. */
    private static final class Sent {
        final String to;
        final String message;

        Sent(MailtoAddress to, byte[] message) {
            this.to = to.address();
            this.message = new String(message, StandardCharsets.UTF_8);
        }
    }

    private FailureReportSender sender(ReportingSettings settings, DnsResolver dns, FailureReportSender.Transport transport) {
        return new FailureReportSender(settings, new DestinationVerification(dns, DmarcSettings.defaults()),
            new FailureReportLimiter(settings.failureReportsPerHour(), Duration.ofHours(1), clock), transport, clock,
            () -> "dmarc-reports@gateway.test", Duration.ofMillis(200));
    }

    private FailureReportSender sender(ReportingSettings settings) {
        return sender(settings, DNS, (message, to) -> sent.add(new Sent(to, message)));
    }

    private static ReportingSettings on() {
        return ReportingSettings.builder().organization("mx.gateway.test").failureReports(true).build();
    }

    /** A message from {@code domain} whose SPF failed and that has no DKIM signature: DMARC fails, fo=0 asks. */
    private static DmarcResult failed(String domain) throws Exception {
        InetAddress ip = InetAddress.getByName("198.51.100.9");
        SpfResult spf = new SpfResult(SpfResult.Code.FAIL, SpfResult.Identity.MAILFROM, "boss@" + domain, domain, ip, "client.example.net",
            Optional.empty(), Optional.empty(), Optional.empty(), 1, 0);
        return new DmarcEvaluator(DNS, DmarcSettings.defaults()).evaluate(List.of("boss@" + domain), Optional.of(spf), List.of(),
            Optional.of(ip)).toCompletableFuture().join();
    }

    private static SmtpFacts smtp() throws Exception {
        return new SmtpFacts(InetAddress.getByName("198.51.100.9"), "client.example.net", "boss@forensic.example");
    }

    @Test
    void aReportGoesToVerifiedRufDestinationsOnly() throws Exception {
        List<MailtoAddress> to = sender(on()).send("m1", failed("forensic.example"), smtp(), HEADER, OURS);

        assertThat(to).extracting(MailtoAddress::address).containsExactly("ruf@forensic.example");
        assertThat(sent).extracting(report -> report.to).containsExactly("ruf@forensic.example");
    }

    @Test
    void theReportIsFromTheReportingAddressAndCarriesTheHeaderSectionOurResultsAndTheSmtpFacts() throws Exception {
        sender(on()).send("m1", failed("forensic.example"), smtp(), HEADER, OURS);

        assertThat(sent).singleElement().satisfies(report -> assertThat(report.message)
            .startsWith("From: dmarc-reports@gateway.test\r\nTo: ruf@forensic.example\r\n")
            .contains("Feedback-Type: auth-failure\r\n").contains("Auth-Failure: dmarc\r\n")
            .contains("Original-Mail-From: <boss@forensic.example>\r\n").contains("Source-IP: 198.51.100.9\r\n")
            .contains("Authentication-Results: mx.gateway.test; spf=fail smtp.mailfrom=forensic.example; dmarc=fail header.from=forensic.example\r\n")
            .contains("Content-Type: text/rfc822-headers\r\n\r\n" + HEADER));
    }

    @Test
    void atMostOneReportPerDestinationDomainAndHour() throws Exception {
        FailureReportSender sender = sender(on());

        for (int i = 0; i < 3; i++) {
            sender.send("m" + i, failed("forensic.example"), smtp(), HEADER, OURS);
        }
        assertThat(sent).hasSize(1);

        clock.advance(Duration.ofHours(1));
        sender.send("m4", failed("forensic.example"), smtp(), HEADER, OURS);
        assertThat(sent).hasSize(2);
    }

    @Test
    void atMostFiveDestinationsOfOneRecordGetAReport() throws Exception {
        sender(ReportingSettings.builder().failureReports(true).failureReportsPerHour(10).build())
            .send("m1", failed("many.example"), smtp(), HEADER, OURS);

        assertThat(sent).extracting(report -> report.to)
            .containsExactly("ruf1@many.example", "ruf2@many.example", "ruf3@many.example", "ruf4@many.example", "ruf5@many.example");
    }

    @Test
    void withFailureReportsOffOrARecordThatDoesNotAskNothingIsSent() throws Exception {
        FailureReportSender off = sender(ReportingSettings.builder().build());

        assertThat(off.requested(failed("forensic.example"))).isFalse();
        assertThat(off.send("m1", failed("forensic.example"), smtp(), HEADER, OURS)).isEmpty();
        assertThat(sender(on()).send("m2", failed("quiet.example"), smtp(), HEADER, OURS)).isEmpty();
        assertThat(sent).isEmpty();
    }

    @Test
    void aDestinationTheMailSystemRefusesCostsTheOthersNothing() throws Exception {
        FailureReportSender sender = sender(ReportingSettings.builder().failureReports(true).failureReportsPerHour(10).build(), DNS,
            (message, to) -> {
                if (to.localPart().equals("ruf1")) {
                    throw new IllegalArgumentException("James reads " + to.address() + " differently: not sent");
                }
                sent.add(new Sent(to, message));
            });

        List<MailtoAddress> to = sender.send("m1", failed("many.example"), smtp(), HEADER, OURS);

        assertThat(to).extracting(MailtoAddress::address).doesNotContain("ruf1@many.example").hasSize(4);
        assertThat(sent).hasSize(4);
    }

    /**
     * An external destination whose consent record (RFC 9990 §4) gets no answer: the message waits for it no longer
     * than the sender's wait, that destination gets no report, the others get theirs.
     */
    @Test
    void aDestinationWhoseVerificationDoesNotAnswerInTimeGetsNoReport() throws Exception {
        DnsResolver silentConsent = new Silent(DNS, "outsourced.example._report._dmarc.reports.example.net");

        List<MailtoAddress> answered = sender(on()).send("m1", failed("outsourced.example"), smtp(), HEADER, OURS);
        List<MailtoAddress> silent = sender(on(), silentConsent, (message, address) -> sent.add(new Sent(address, message)))
            .send("m1", failed("outsourced.example"), smtp(), HEADER, OURS);

        assertThat(answered).extracting(MailtoAddress::address).containsExactly("ruf@reports.example.net", "ruf@outsourced.example");
        assertThat(silent).extracting(MailtoAddress::address).containsExactly("ruf@outsourced.example");
    }

    /** A resolver that never answers the TXT query of one name. */
    private static final class Silent implements DnsResolver {
        private final DnsResolver dns;
        private final String silent;

        Silent(DnsResolver dns, String silent) {
            this.dns = dns;
            this.silent = silent;
        }

        @Override
        public CompletionStage<DnsAnswer<String>> txt(String name) {
            return name.equals(silent) ? new CompletableFuture<>() : dns.txt(name);
        }

        @Override
        public CompletionStage<DnsAnswer<InetAddress>> a(String name) {
            return dns.a(name);
        }

        @Override
        public CompletionStage<DnsAnswer<InetAddress>> aaaa(String name) {
            return dns.aaaa(name);
        }

        @Override
        public CompletionStage<DnsAnswer<MxHost>> mx(String name) {
            return dns.mx(name);
        }

        @Override
        public CompletionStage<DnsAnswer<String>> ptr(InetAddress address) {
            return dns.ptr(address);
        }
    }
}
