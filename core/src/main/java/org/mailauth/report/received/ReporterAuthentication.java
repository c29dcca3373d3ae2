package org.mailauth.report.received;

import java.util.Locale;
import java.util.Optional;

import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.PublicSuffixList;

/**
 * Whether the e-mail a report came in vouches for the reporter the report names. Its DMARC pass (RFC 9989) proves who
 * sent the e-mail, not who wrote the report: anyone with a domain that passes DMARC can send a report naming Google.
 * So a report is authenticated only when its e-mail passed DMARC for an Author Domain with the same Organizational
 * Domain as the report's own {@code report_metadata/email} (RFC 9990 §3.1.1); real reporters send from the address
 * they name (Google, Microsoft, Mail.Ru, Amazon SES, ...). A DMARC temperror is unknown; anything else unauthenticated.
 */
public final class ReporterAuthentication {

    private final PublicSuffixList suffixes;

    public ReporterAuthentication(PublicSuffixList suffixes) {
        this.suffixes = suffixes;
    }

    /** {@code emailDmarc}: the DMARC result of the e-mail that carried {@code report}; empty when it was not evaluated. */
    public Submission.Authenticity of(ReceivedReport report, Optional<DmarcResult> emailDmarc) {
        if (emailDmarc.isEmpty() || emailDmarc.get().code() == DmarcResult.Code.TEMPERROR) {
            return Submission.Authenticity.UNKNOWN;
        }
        if (emailDmarc.get().code() != DmarcResult.Code.PASS || emailDmarc.get().authorDomain().isEmpty()) {
            return Submission.Authenticity.UNAUTHENTICATED;
        }
        String email = report.email().toLowerCase(Locale.ROOT).trim();
        int at = email.lastIndexOf('@');
        if (at < 0 || at == email.length() - 1) {
            return Submission.Authenticity.UNAUTHENTICATED;
        }
        String named = suffixes.organizationalDomain(email.substring(at + 1));
        String sender = suffixes.organizationalDomain(emailDmarc.get().authorDomain().get());
        return named.equals(sender) ? Submission.Authenticity.AUTHENTICATED : Submission.Authenticity.UNAUTHENTICATED;
    }
}
