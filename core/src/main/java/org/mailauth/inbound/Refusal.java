package org.mailauth.inbound;

import java.util.Objects;

/**
 * An SMTP reply refusing a message at the end of DATA (RFC 5321 §4.2): the reply code, the enhanced status code
 * (RFC 3463; RFC 7372 for the authentication ones) and a text. Permanent (5xx: the sender gives up and bounces) or
 * temporary (4xx: the sender tries again later).
 */
public final class Refusal {

    private final String code;
    private final String status;
    private final String text;

    Refusal(String code, String status, String text) {
        this.code = Objects.requireNonNull(code);
        this.status = Objects.requireNonNull(status);
        this.text = Objects.requireNonNull(text);
    }

    /** "550", "451". */
    public String code() {
        return code;
    }

    /** "5.7.1", "4.7.1". */
    public String status() {
        return status;
    }

    /** What follows the codes on the reply line; ASCII, no line break. */
    public String text() {
        return text;
    }

    public boolean permanent() {
        return code.startsWith("5");
    }

    @Override
    public String toString() {
        return code + " " + status + " " + text;
    }
}
