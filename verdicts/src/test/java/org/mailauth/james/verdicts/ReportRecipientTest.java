package org.mailauth.james.verdicts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.mailauth.report.MailtoAddress;
import org.mailauth.testkit.fuzz.Mutator;

/**
 * A report goes to the address that was verified (RFC 9990 §4), as James's own parser reads it: every address
 * {@link MailtoAddress} accepts is read by James as the same local part and domain. Seeded and bounded; the inputs
 * tried are printed for the fuzz campaign (docs/reliability.md).
 */
class ReportRecipientTest {

    @Test
    void jamesReadsAnAcceptedAddressAsTheSameAddress() throws Exception {
        MailAddress recipient = ReportRecipient.of(MailtoAddress.parse("mailto:dmarc+agg@Reports.Example.COM").orElseThrow());

        assertThat(recipient.getLocalPart()).isEqualTo("dmarc+agg");
        assertThat(recipient.getDomain().asString()).isEqualTo("reports.example.com");
    }

    @Test
    void everyAddressTheParserAcceptsJamesReadsTheSameAndNoneHasADomainLiteral() {
        Mutator mutator = new Mutator(Mutator.seed(6068), List.of("mailto:dmarc@example.com", "mailto:a.b+c@sub.example.org!10m",
            "mailto:victim@%5B192.0.2.5%5D@attacker.example", "mailto:%22q%40x%22@example.net?subject=r", "mailto:x@xn--strae-oqa.de",
            "mailto:{a}|b'c/d=e?f^g`h~i#j$k%25l&m*n@e-x.example"));
        long[] accepted = {0};
        long tried = mutator.run(Mutator.budget(), Mutator.limit(50_000), text -> {
            Optional<MailtoAddress> address = MailtoAddress.parse(text);
            if (address.isEmpty()) {
                return;
            }
            accepted[0]++;
            MailtoAddress parsed = address.get();
            assertThat(MailtoAddress.parse(parsed.uri())).as(text).hasValue(parsed);
            assertThat(parsed.domain()).as(text).doesNotContain("[").doesNotContain("@").matches("[a-z0-9.-]+");
            try {
                MailAddress recipient = ReportRecipient.of(parsed);
                assertThat(recipient.asString()).as(text).isEqualTo(parsed.address());
            } catch (Exception e) {
                throw new AssertionError("James reads " + parsed.address() + " (from " + text + ") otherwise: " + e.getMessage(), e);
            }
        });
        System.out.println("fuzz MailtoAddress.parse + ReportRecipient: " + tried + " inputs, " + accepted[0] + " accepted");
        assertThat(tried).isPositive();
        assertThat(accepted[0]).isPositive();
    }
}
