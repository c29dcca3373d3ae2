package org.mailauth.james.verdicts;

import java.net.InetAddress;
import java.util.Optional;

import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.mailauth.dns.IpLiteral;
import org.mailauth.inbound.SmtpFacts;

/**
 * What James's SMTP server recorded about how a Mail arrived (its attributes and remote address; see
 * docs/architecture.md): the client IP, the MAIL FROM (empty for the null reverse-path), the HELO/EHLO name, and
 * whether the client authenticated, was relay-allowed, or the mail was written by James itself.
 */
public final class MailFacts {

    static final AttributeName SENT_BY_MAILET = AttributeName.of("org.apache.james.SentByMailet");
    static final AttributeName AUTH_NETWORK = AttributeName.of("org.apache.james.SMTPIsAuthNetwork");

    private final Optional<InetAddress> clientIp;
    private final String mailFrom;
    private final String helo;
    private final boolean sentByJames;
    private final boolean authenticated;
    private final boolean relayAllowed;

    MailFacts(Optional<InetAddress> clientIp, String mailFrom, String helo, boolean sentByJames, boolean authenticated,
              boolean relayAllowed) {
        this.clientIp = clientIp;
        this.mailFrom = mailFrom;
        this.helo = helo;
        this.sentByJames = sentByJames;
        this.authenticated = authenticated;
        this.relayAllowed = relayAllowed;
    }

    /**
     * The facts of a session that is still going on, as an SMTP hook reads them from James's session before James
     * copies them onto the Mail.
     */
    public static MailFacts ofSession(InetAddress clientIp, String mailFrom, String helo, boolean authenticated, boolean relayAllowed) {
        return new MailFacts(Optional.of(clientIp), mailFrom, helo, false, authenticated, relayAllowed);
    }

    public static MailFacts of(Mail mail) {
        Optional<InetAddress> ip = Optional.ofNullable(mail.getRemoteAddr()).flatMap(IpLiteral::parse);
        String helo = AttributeUtils.getValueAndCastFromMail(mail, Mail.SMTP_HELO, String.class)
            .orElseGet(() -> Optional.ofNullable(mail.getRemoteHost()).orElse(""));
        boolean sentByJames = AttributeUtils.getValueAndCastFromMail(mail, SENT_BY_MAILET, Boolean.class).orElse(false);
        boolean authenticated = mail.getAttribute(Mail.SMTP_AUTH_USER).isPresent();
        boolean relayAllowed = AttributeUtils.getValueAndCastFromMail(mail, AUTH_NETWORK, Boolean.class).orElse(false);
        return new MailFacts(ip, mail.getMaybeSender().asString(""), helo, sentByJames, authenticated, relayAllowed);
    }

    public Optional<InetAddress> clientIp() {
        return clientIp;
    }

    /** The facts the checks use; empty when the mail came from no SMTP client. */
    public Optional<SmtpFacts> smtpFacts() {
        return clientIp.map(ip -> new SmtpFacts(ip, helo, mailFrom));
    }

    /** The reverse-path as given; "" for the null reverse-path. */
    public String mailFrom() {
        return mailFrom;
    }

    public String helo() {
        return helo;
    }

    /** Bounces, reports and other mail James wrote (MailetContext.sendMail): no SMTP client at all. */
    public boolean sentByJames() {
        return sentByJames;
    }

    public boolean authenticated() {
        return authenticated;
    }

    /** The client is in smtpserver.xml's authorizedAddresses (or authenticated). */
    public boolean relayAllowed() {
        return relayAllowed;
    }
}
