package org.mailauth.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcRecord;

/** RFC 9989 §4.6 and RFC 7489 §6.2: a receiver may limit the reporting URIs it serves (at least two). */
class ReportDestinationsTest {

    @Test
    void aRecordServesAtMostFiveDestinationsInItsOrderEachAddressOnce() {
        DmarcRecord record = DmarcRecord.parse("v=DMARC1; p=none; rua=mailto:a@example.com,mailto:a@EXAMPLE.com,mailto:b@example.com,"
            + "mailto:x@%5B127.0.0.1%5D,mailto:c@example.com,mailto:d@example.com,mailto:e@example.com,mailto:f@example.com",
            DmarcMode.RFC9989).orElseThrow();

        assertThat(ReportDestinations.of(record.aggregateUris())).extracting(MailtoAddress::address)
            .containsExactly("a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com");
    }

    @Test
    void fourHundredUrisStillMeanFiveDestinations() {
        StringBuilder rua = new StringBuilder("v=DMARC1; p=none; rua=");
        for (int i = 0; i < 400; i++) {
            rua.append(i == 0 ? "" : ",").append("mailto:r").append(i).append("@example.com");
        }
        DmarcRecord record = DmarcRecord.parse(rua.toString(), DmarcMode.RFC9989).orElseThrow();

        assertThat(ReportDestinations.of(record.aggregateUris())).hasSize(ReportDestinations.MAX_PER_RECORD);
    }
}
