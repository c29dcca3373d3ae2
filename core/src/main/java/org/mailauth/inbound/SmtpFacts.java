package org.mailauth.inbound;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What the SMTP session says about a message's arrival, as the checks use it: the client's IP address, the HELO/EHLO
 * name (RFC 5321 §4.1.1.1) and the MAIL FROM reverse-path (§4.1.1.2; empty for the null reverse-path).
 */
public final class SmtpFacts {

    private final InetAddress clientIp;
    private final String helo;
    private final String mailFrom;

    public SmtpFacts(InetAddress clientIp, String helo, String mailFrom) {
        this.clientIp = Objects.requireNonNull(clientIp);
        this.helo = Objects.requireNonNull(helo);
        this.mailFrom = Objects.requireNonNull(mailFrom);
    }

    public InetAddress clientIp() {
        return clientIp;
    }

    public String helo() {
        return helo;
    }

    /** The reverse-path as given; "" for the null reverse-path. */
    public String mailFrom() {
        return mailFrom;
    }

    @Override
    public String toString() {
        return "ip=" + clientIp.getHostAddress() + " helo=" + helo + " mail-from=<" + mailFrom + ">";
    }
}
