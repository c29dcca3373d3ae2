package org.mailauth.report.received;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.Policy;
import org.mailauth.dmarc.PublicSuffixList;

/**
 * A report is authenticated only by an e-mail that passed DMARC for the reporter it names (RFC 9990 §3.1.1's email,
 * same Organizational Domain): a DMARC pass for another domain proves nothing about who wrote the report.
 */
class ReporterAuthenticationTest {

    private final ReporterAuthentication reporters = new ReporterAuthentication(PublicSuffixList.bundled());

    private static ReceivedReport namingReporter(String email) {
        return new ReceivedReport(ReportFormat.RFC7489, "google.com", email, "1234", Instant.EPOCH, Instant.EPOCH.plusSeconds(86_399),
            new ReceivedReport.Policy("example.com", "none", Optional.empty(), Optional.empty(), "r", "r", OptionalInt.empty(), false),
            List.of(), List.of());
    }

    private static Optional<DmarcResult> dmarc(DmarcResult.Code code, String authorDomain) {
        return Optional.of(new DmarcResult(code, List.of(authorDomain), Optional.empty(), List.of(), Policy.NONE, List.of(), Optional.empty()));
    }

    @Test
    void aDmarcPassForTheReportersOwnDomainAuthenticatesTheReport() {
        assertThat(reporters.of(namingReporter("noreply-dmarc-support@google.com"), dmarc(DmarcResult.Code.PASS, "google.com")))
            .isEqualTo(Submission.Authenticity.AUTHENTICATED);
        assertThat(reporters.of(namingReporter("dmarc@reports.google.com"), dmarc(DmarcResult.Code.PASS, "mail.google.com")))
            .as("same Organizational Domain").isEqualTo(Submission.Authenticity.AUTHENTICATED);
    }

    @Test
    void aDmarcPassForAnotherDomainDoesNotAuthenticateAReportNamingGoogle() {
        assertThat(reporters.of(namingReporter("noreply-dmarc-support@google.com"), dmarc(DmarcResult.Code.PASS, "attacker.example")))
            .isEqualTo(Submission.Authenticity.UNAUTHENTICATED);
        assertThat(reporters.of(namingReporter("dmarc@google.co.uk"), dmarc(DmarcResult.Code.PASS, "evil.co.uk")))
            .as("a public suffix is no Organizational Domain").isEqualTo(Submission.Authenticity.UNAUTHENTICATED);
        assertThat(reporters.of(namingReporter(""), dmarc(DmarcResult.Code.PASS, "google.com"))).as("no email named")
            .isEqualTo(Submission.Authenticity.UNAUTHENTICATED);
    }

    @Test
    void aDmarcFailureIsUnauthenticatedATemperrorOrNoEvaluationUnknown() {
        assertThat(reporters.of(namingReporter("a@google.com"), dmarc(DmarcResult.Code.FAIL, "google.com")))
            .isEqualTo(Submission.Authenticity.UNAUTHENTICATED);
        assertThat(reporters.of(namingReporter("a@google.com"), dmarc(DmarcResult.Code.TEMPERROR, "google.com")))
            .isEqualTo(Submission.Authenticity.UNKNOWN);
        assertThat(reporters.of(namingReporter("a@google.com"), Optional.empty())).isEqualTo(Submission.Authenticity.UNKNOWN);
    }
}
