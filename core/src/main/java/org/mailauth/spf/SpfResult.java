package org.mailauth.spf;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.mailauth.dns.IpLiteral;
import org.mailauth.results.FieldText;
import org.mailauth.results.MethodResult;

/**
 * The outcome of one SPF check (RFC 7208 §2.6): the result, which identity was checked and for which
 * domain, the explanation of a fail (§6.2), the mechanism that decided, the problem behind a
 * temperror or permerror, and how many DNS-querying terms and void lookups were used (§4.6.4).
 */
public final class SpfResult {

    /** The results of RFC 7208 §2.6, named as in RFC 8601. */
    public enum Code {
        NONE, NEUTRAL, PASS, FAIL, SOFTFAIL, TEMPERROR, PERMERROR;

        /** The result as RFC 7208 and RFC 8601 write it: "pass", "softfail"... */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Code> ofKeyword(String keyword) {
            for (Code code : values()) {
                if (code.keyword().equalsIgnoreCase(keyword.trim())) {
                    return Optional.of(code);
                }
            }
            return Optional.empty();
        }
    }

    /** The identity checked (RFC 7208 §2.3, §2.4). */
    public enum Identity {
        MAILFROM, HELO;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Code code;
    private final Identity identity;
    private final String sender;
    private final String domain;
    private final InetAddress clientIp;
    private final String helo;
    private final Optional<String> explanation;
    private final Optional<String> mechanism;
    private final Optional<String> problem;
    private final int lookups;
    private final int voidLookups;

    /** A result as {@link SpfVerifier} gives it, or as read back from where it was kept (e.g. mail attributes). */
    public SpfResult(Code code, Identity identity, String sender, String domain, InetAddress clientIp, String helo,
                     Optional<String> explanation, Optional<String> mechanism, Optional<String> problem,
                     int lookups, int voidLookups) {
        this.code = Objects.requireNonNull(code);
        this.identity = identity;
        this.sender = sender;
        this.domain = domain;
        this.clientIp = clientIp;
        this.helo = helo;
        this.explanation = explanation;
        this.mechanism = mechanism;
        this.problem = problem;
        this.lookups = lookups;
        this.voidLookups = voidLookups;
    }

    public Code code() {
        return code;
    }

    public Identity identity() {
        return identity;
    }

    /** The identity as checked: {@code local@domain}, {@code postmaster@domain} for a null sender or a HELO check. */
    public String sender() {
        return sender;
    }

    /** The domain whose policy was asked first (the domain of {@link #sender()}). */
    public String domain() {
        return domain;
    }

    public InetAddress clientIp() {
        return clientIp;
    }

    public String helo() {
        return helo;
    }

    /** The domain's explanation of a fail (its exp= text, §6.2); empty when it gave none. */
    public Optional<String> explanation() {
        return explanation;
    }

    /** The directive that matched, e.g. "-all" or "include:_spf.example.com"; "default" when none did. */
    public Optional<String> mechanism() {
        return mechanism;
    }

    /** Why the result is temperror or permerror. */
    public Optional<String> problem() {
        return problem;
    }

    /** DNS-querying terms evaluated (include, a, mx, ptr, exists, redirect), at most 10 (§4.6.4). */
    public int lookups() {
        return lookups;
    }

    public int voidLookups() {
        return voidLookups;
    }

    /** Lines of the Received-SPF field are folded before they pass this many characters (RFC 5322 §2.1.1). */
    private static final int LINE_LENGTH = 78;

    /**
     * The {@code Received-SPF} field value (RFC 7208 §9.1), folded between key-value pairs, e.g. {@code pass (mx.example.com: domain of
     * a@example.org designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1; envelope-from="a@example.org";
     * helo=mail.example.org; receiver=mx.example.com; identity=mailfrom; mechanism="ip4:192.0.2.0/24"}.
     */
    public String receivedSpf(String receiver, String envelopeFrom) {
        String ip = IpLiteral.format(clientIp);
        List<String> pairs = new ArrayList<>();
        pairs.add("client-ip=" + ip);
        pairs.add("envelope-from=" + quoted(envelopeFrom));
        pairs.add("helo=" + value(helo));
        pairs.add("receiver=" + value(receiver));
        pairs.add("identity=" + identity.keyword());
        mechanism.ifPresent(text -> pairs.add("mechanism=" + quoted(text)));
        problem.ifPresent(text -> pairs.add("problem=" + quoted(text)));
        StringBuilder field = new StringBuilder(code.keyword()).append(" (").append(FieldText.commentText(receiver)).append(": ")
            .append(comment(ip)).append(')');
        int lineLength = "Received-SPF: ".length() + field.length();
        for (int i = 0; i < pairs.size(); i++) {
            String pair = pairs.get(i) + (i + 1 < pairs.size() ? ";" : "");
            if (lineLength + 1 + pair.length() > LINE_LENGTH) {
                field.append("\r\n\t");
                lineLength = 1;
            } else {
                field.append(' ');
                lineLength++;
            }
            field.append(pair);
            lineLength += pair.length();
        }
        return field.toString();
    }

    /** The {@code spf=} part of Authentication-Results (RFC 8601 §2.7.2). */
    public MethodResult authenticationResult() {
        MethodResult.Property property = identity == Identity.HELO
            ? new MethodResult.Property("smtp", "helo", helo)
            : new MethodResult.Property("smtp", "mailfrom", sender);
        return new MethodResult("spf", code.keyword(), problem, List.of(property));
    }

    /** The explanatory comment of §9.1; the sender is outside text, shown as {@link FieldText#commentText}. */
    private String comment(String ip) {
        String sender = FieldText.commentText(this.sender);
        switch (code) {
            case PASS:
                return "domain of " + sender + " designates " + ip + " as permitted sender";
            case FAIL:
                return "domain of " + sender + " does not designate " + ip + " as permitted sender";
            case SOFTFAIL:
                return "domain of transitioning " + sender + " does not designate " + ip + " as permitted sender";
            case NEUTRAL:
                return ip + " is neither permitted nor denied by domain of " + sender;
            case NONE:
                return "domain of " + sender + " does not designate permitted sender hosts";
            case TEMPERROR:
                return "error in processing during lookup of " + sender;
            default:
                return "domain of " + sender + " has an SPF record this receiver cannot use";
        }
    }

    /** A dot-atom goes bare, anything else in a quoted-string (RFC 7208 §9.1 key-value-pair). */
    private static String value(String text) {
        boolean atom = !text.isEmpty() && text.length() <= FieldText.VALUE_LIMIT && text.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 0x80
            || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0) && !text.startsWith(".") && !text.endsWith(".") && !text.contains("..");
        return atom ? text : quoted(text);
    }

    private static String quoted(String text) {
        return FieldText.quotedString(text);
    }

    @Override
    public String toString() {
        return code.keyword() + " " + identity.keyword() + "=" + sender + " ip=" + IpLiteral.format(clientIp)
            + mechanism.map(text -> " mechanism=" + text).orElse("") + problem.map(text -> " problem=" + text).orElse("")
            + " lookups=" + lookups;
    }
}
