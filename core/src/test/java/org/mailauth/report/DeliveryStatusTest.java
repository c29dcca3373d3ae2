package org.mailauth.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Delivery status notifications (RFC 3464 §2.3): which recipients failed for good. */
class DeliveryStatusTest {

    @Test
    void permanentFailuresAreReportedAndDelaysAndTemporaryFailuresAreNot() {
        String status = "Reporting-MTA: dns; mx.example.net\r\n\r\n"
            + "Final-Recipient: rfc822; dmarc@gone.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
            + "Final-Recipient: rfc822;<full@busy.example>\r\nAction: delayed\r\nStatus: 4.2.2\r\n\r\n"
            + "Original-Recipient: rfc822; x@other.example\r\nFinal-Recipient: rfc822; y@other.example\r\nAction: failed\r\n"
            + "Status: 5.7.1\r\n";

        assertThat(DeliveryStatus.permanentlyFailed(status)).containsExactly("dmarc@gone.example", "y@other.example");
    }

    @Test
    void aFailureWithATemporaryStatusIsNotPermanent() {
        assertThat(DeliveryStatus.permanentlyFailed("Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 4.4.7\n")).isEmpty();
    }
}
