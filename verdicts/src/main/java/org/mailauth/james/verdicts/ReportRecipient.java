package org.mailauth.james.verdicts;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.mailauth.report.MailtoAddress;

/**
 * The envelope recipient of a DMARC report: the verified {@link MailtoAddress} as James's own parser reads it, and
 * only when that reading is the same address (same local part, same domain). An address James would read
 * differently is refused, so a report never goes anywhere but where the verification looked (RFC 9990 §4).
 */
public final class ReportRecipient {

    private ReportRecipient() {
    }

    /** @throws AddressException when James reads the address differently, or not at all */
    public static MailAddress of(MailtoAddress address) throws AddressException {
        MailAddress recipient = new MailAddress(address.address());
        if (!recipient.getLocalPart().equals(address.localPart()) || !recipient.getDomain().asString().equals(address.domain())) {
            throw new AddressException("James reads " + address.address() + " as " + recipient.asString() + ": not sent");
        }
        return recipient;
    }
}
