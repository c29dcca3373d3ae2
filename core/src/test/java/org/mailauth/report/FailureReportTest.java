package org.mailauth.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dmarc.DmarcEvaluator;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.spf.SpfResult;

/** Failure reports (RFC 9991; RFC 9989 §4.7 fo; RFC 6591): when the record asks, what they carry, how often. */
class FailureReportTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final InMemoryDnsResolver DNS = InMemoryDnsResolver.builder()
        .txt("_dmarc.fo0.example", "v=DMARC1; p=reject; ruf=mailto:ruf@fo0.example")
        .txt("_dmarc.fo1.example", "v=DMARC1; p=reject; fo=1; ruf=mailto:ruf@fo1.example")
        .txt("_dmarc.fod.example", "v=DMARC1; p=none; fo=d; ruf=mailto:ruf@fod.example")
        .txt("_dmarc.noruf.example", "v=DMARC1; p=reject")
        .txt("_dmarc.psd.example", "v=DMARC1; p=reject; psd=y; ruf=mailto:ruf@psd.example")
        .build();

    private static DmarcResult evaluate(String domain, boolean spfPass, DkimResult dkimResult) throws Exception {
        InetAddress ip = InetAddress.getByName("198.51.100.7");
        Optional<SpfResult> spf = Optional.of(new SpfResult(spfPass ? SpfResult.Code.PASS : SpfResult.Code.FAIL, SpfResult.Identity.MAILFROM,
            "x@" + domain, domain, ip, "h", Optional.empty(), Optional.empty(), Optional.empty(), 1, 0));
        List<DkimSignatureResult> dkim = dkimResult == null ? List.of() : List.of(new DkimSignatureResult(dkimResult, Optional.empty(), domain,
            "sel", "rsa-sha256", Optional.empty(), OptionalInt.of(2048), false, "b"));
        return new DmarcEvaluator(DNS, DmarcSettings.defaults()).evaluate(List.of("boss@" + domain), spf, dkim, Optional.of(ip))
            .toCompletableFuture().join();
    }

    @Test
    void fo0AsksWhenNothingAlignedPassed() throws Exception {
        assertThat(FailureReport.requested(evaluate("fo0.example", false, null))).isTrue();
        assertThat(FailureReport.requested(evaluate("fo0.example", true, null))).isFalse();
    }

    @Test
    void fo1AsksWhenAnyMechanismFailedToGiveAnAlignedPass() throws Exception {
        assertThat(FailureReport.requested(evaluate("fo1.example", true, DkimResult.FAIL))).isTrue();
        assertThat(FailureReport.requested(evaluate("fo1.example", true, DkimResult.PASS))).isFalse();
    }

    @Test
    void foDAsksForAnyFailedSignature() throws Exception {
        assertThat(FailureReport.requested(evaluate("fod.example", true, DkimResult.FAIL))).isTrue();
        assertThat(FailureReport.requested(evaluate("fod.example", false, null))).isFalse();
    }

    @Test
    void noRufOrAPublicSuffixDomainRecordNeverAsks() throws Exception {
        assertThat(FailureReport.requested(evaluate("noruf.example", false, null))).isFalse();
        assertThat(FailureReport.requested(evaluate("brand.psd.example", false, null))).isFalse();
    }

    @Test
    void theReportIsAnArfAuthFailureWithTheHeaderFieldsOnly() throws Exception {
        DmarcResult result = evaluate("fo0.example", false, DkimResult.FAIL);

        String report = new String(FailureReport.message(result, "mx.gateway.test", "dmarc-reports@gateway.test", "ruf@fo0.example",
            "From: boss@fo0.example\r\nSubject: wire the money\r\n", InetAddress.getByName("198.51.100.7"), "x@fo0.example",
            "mx.gateway.test; dmarc=fail header.from=fo0.example", NOW), StandardCharsets.UTF_8);

        assertThat(report).contains("Content-Type: multipart/report; report-type=feedback-report;")
            .contains("Content-Type: message/feedback-report\r\n\r\nFeedback-Type: auth-failure\r\n")
            .contains("Auth-Failure: dmarc\r\n").contains("Identity-Alignment: dkim, spf\r\n")
            .contains("Source-IP: 198.51.100.7\r\n").contains("Reported-Domain: fo0.example\r\n")
            .contains("DKIM-Domain: fo0.example\r\nDKIM-Selector: sel\r\n")
            .contains("Content-Type: text/rfc822-headers\r\n\r\nFrom: boss@fo0.example\r\nSubject: wire the money\r\n")
            .doesNotContain("\n\n").endsWith("--\r\n");
    }

    @Test
    void theLimiterAllowsOnePerDestinationPerHour() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        FailureReportLimiter limiter = new FailureReportLimiter(1, Duration.ofHours(1), clock);

        assertThat(limiter.tryAcquire("mailto:a@example.com")).isTrue();
        assertThat(limiter.tryAcquire("mailto:a@example.com")).isFalse();
        assertThat(limiter.tryAcquire("mailto:b@example.com")).isTrue();
        assertThat(new FailureReportLimiter(1, Duration.ofHours(1), Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC))
            .tryAcquire("mailto:a@example.com")).isTrue();
    }
}
