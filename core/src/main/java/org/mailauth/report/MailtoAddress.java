package org.mailauth.report;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import org.mailauth.dmarc.ReportUri;
import org.mailauth.dns.Idna;

/**
 * The one address of a {@code mailto:} reporting URI (RFC 6068 §2, RFC 9989 §4.6), read once and used for
 * everything that follows: the verification of the destination (RFC 9990 §4), the daily caps, and the envelope
 * recipient of the report. Only a plain Internet address is accepted, so that every mail system reads it the same
 * way: a dot-atom local part (RFC 5322 §3.2.3) and a host name of LDH labels (RFC 1123 §2.1; Unicode labels become
 * A-labels) whose last label starts with a letter (RFC 3696 §2: no top-level domain is numeric). Refused: domain literals ({@code [192.0.2.1]}),
 * quoted local parts, a second {@code @}, several addresses, control characters, malformed percent-encoding, and
 * names no DNS can hold. The RFC 7489 size limit ({@code !10m}) and header fields ({@code ?subject=}) are kept apart.
 */
public final class MailtoAddress {

    private static final String SCHEME = "mailto:";
    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_DOMAIN = 253;
    private static final String ATEXT = "!#$%&'*+-/=?^_`{|}~";

    private final String localPart;
    private final String domain;
    private final OptionalLong sizeLimit;

    private MailtoAddress(String localPart, String domain, OptionalLong sizeLimit) {
        this.localPart = localPart;
        this.domain = domain;
        this.sizeLimit = sizeLimit;
    }

    /** The address of a {@code mailto:} destination as a DMARC record or the report store gives it; empty when refused. */
    public static Optional<MailtoAddress> parse(String destination) {
        return read(destination).address;
    }

    /** The address of a reporting URI of a DMARC record; empty when refused. */
    public static Optional<MailtoAddress> of(ReportUri uri) {
        return read(uri).address;
    }

    /** Why a destination is refused; empty when {@link #parse} accepts it. */
    public static Optional<String> refusal(String destination) {
        return read(destination).refusal;
    }

    /** The local part, as decoded. */
    public String localPart() {
        return localPart;
    }

    /** The domain: lower case, A-labels. */
    public String domain() {
        return domain;
    }

    /** The RFC 7489 §6.2 size limit in octets, when the URI had one. */
    public OptionalLong sizeLimit() {
        return sizeLimit;
    }

    /** {@code local@domain}: the envelope recipient. */
    public String address() {
        return localPart + "@" + domain;
    }

    /**
     * The destination in one canonical form: {@code mailto:local@domain}, with {@code !size} when it had a limit; in the
     * local part every character but letters, digits and {@code -._~+} is percent-encoded (RFC 6068 §2), so that the
     * form reads back as the same address.
     */
    public String uri() {
        StringBuilder uri = new StringBuilder(SCHEME);
        for (char c : localPart.toCharArray()) {
            if (Character.isLetterOrDigit(c) || "-._~+".indexOf(c) >= 0) {
                uri.append(c);
            } else {
                uri.append(String.format(Locale.ROOT, "%%%02X", (int) c));
            }
        }
        return uri.append('@').append(domain).append(sizeLimit.isPresent() ? "!" + sizeLimit.getAsLong() : "").toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MailtoAddress && ((MailtoAddress) other).uri().equals(uri());
    }

    @Override
    public int hashCode() {
        return Objects.hash(localPart, domain, sizeLimit);
    }

    @Override
    public String toString() {
        return uri();
    }

    private static final class Reading {
        final Optional<MailtoAddress> address;
        final Optional<String> refusal;

        Reading(Optional<MailtoAddress> address, Optional<String> refusal) {
            this.address = address;
            this.refusal = refusal;
        }

        static Reading refused(String why) {
            return new Reading(Optional.empty(), Optional.of(why));
        }
    }

    private static Reading read(String destination) {
        Optional<ReportUri> uri = ReportUri.parse(destination);
        if (uri.isEmpty()) {
            return Reading.refused("not a URI");
        }
        return read(uri.get());
    }

    private static Reading read(ReportUri uri) {
        if (!uri.isMailto()) {
            return Reading.refused("not a mailto: URI");
        }
        String to = uri.uri().getRawSchemeSpecificPart();
        int query = to.indexOf('?');
        if (query >= 0) {
            to = to.substring(0, query);
        }
        Optional<String> decoded = percentDecoded(to);
        if (decoded.isEmpty()) {
            return Reading.refused("malformed percent-encoding");
        }
        String address = decoded.get();
        if (address.indexOf(',') >= 0) {
            return Reading.refused("more than one address");
        }
        int at = address.indexOf('@');
        if (at < 0 || address.indexOf('@', at + 1) >= 0) {
            return Reading.refused("not exactly one '@'");
        }
        String local = address.substring(0, at);
        String host = address.substring(at + 1);
        if (!isDotAtom(local) || local.length() > MAX_LOCAL_PART) {
            return Reading.refused("the local part is not a plain dot-atom of at most " + MAX_LOCAL_PART + " characters");
        }
        if (host.startsWith("[")) {
            return Reading.refused("a domain literal");
        }
        Optional<String> domain = hostName(host);
        if (domain.isEmpty()) {
            return Reading.refused("the domain is not a host name");
        }
        return new Reading(Optional.of(new MailtoAddress(local, domain.get(), uri.maxSize())), Optional.empty());
    }

    /**
     * Percent-decoding of RFC 3986 §2.1 into UTF-8 text; '+' stays '+' (RFC 6068 §5); a character outside ASCII stands
     * for its UTF-8 octets (an IRI, RFC 3987 §3.1). Empty when malformed.
     */
    private static Optional<String> percentDecoded(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0 || Character.digit(text.charAt(i + 2), 16) < 0) {
                    return Optional.empty();
                }
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 3;
            } else if (Character.isSurrogate((char) c) && c <= 0xffff) {
                return Optional.empty();
            } else {
                byte[] encoded = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** RFC 5322 §3.2.3 dot-atom-text, ASCII only. */
    private static boolean isDotAtom(String local) {
        if (local.isEmpty() || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return false;
        }
        return local.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || ATEXT.indexOf(c) >= 0));
    }

    /** A host name of at least two LDH labels whose last label starts with a letter (no TLD does otherwise); lower case, A-labels. */
    private static Optional<String> hostName(String host) {
        if (host.isEmpty() || host.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return Optional.empty();
        }
        Optional<String> ascii = Idna.toAscii(host);
        if (ascii.isEmpty() || ascii.get().length() > MAX_DOMAIN) {
            return Optional.empty();
        }
        String[] labels = ascii.get().split("\\.", -1);
        String topLevel = labels[labels.length - 1];
        if (labels.length < 2 || topLevel.isEmpty() || !Character.isLetter(topLevel.charAt(0))) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                || !label.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '-'))) {
                return Optional.empty();
            }
        }
        return Optional.of(ascii.get().toLowerCase(Locale.ROOT));
    }
}
