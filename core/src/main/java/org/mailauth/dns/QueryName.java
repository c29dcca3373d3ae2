package org.mailauth.dns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import org.xbill.DNS.Name;

/**
 * Turns a domain name given as text into the name sent on the wire, label by label and literally: no
 * master-file escapes are interpreted, so text from a message or a DNS record cannot smuggle a dot into a
 * label. Non-ASCII labels are converted to A-labels (RFC 5890). RFC 1035 §2.3.4 limits apply: 63 octets a
 * label, 255 in all; empty labels are refused.
 */
public final class QueryName {

    private static final int MAX_LABEL = 63;
    private static final int MAX_NAME = 255;

    private QueryName() {
    }

    /** Whether the resolver can ask for {@code text}; a name it cannot ask for is answered NXDOMAIN without a query. */
    public static boolean isValid(String text) {
        return parse(text).isPresent();
    }

    /** The absolute, lower-cased name, or empty when {@code text} cannot be a domain name. */
    static Optional<Name> parse(String text) {
        String trimmed = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        if (!trimmed.isEmpty()) {
            for (String label : trimmed.split("\\.", -1)) {
                Optional<byte[]> bytes = labelBytes(label);
                if (bytes.isEmpty()) {
                    return Optional.empty();
                }
                wire.write(bytes.get().length);
                wire.write(bytes.get(), 0, bytes.get().length);
            }
        }
        wire.write(0);
        if (wire.size() > MAX_NAME) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Name(wire.toByteArray()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The cache and log form of {@code text} without building a wire name: lower case, no trailing dot
     * (the root is "."); empty when it cannot be a domain name. The common case (ASCII) is a single scan.
     */
    static Optional<String> key(String text) {
        int length = text.endsWith(".") ? text.length() - 1 : text.length();
        if (length > 253) {
            return Optional.empty();
        }
        boolean lowerCase = true;
        int labelLength = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || c == '\\') {
                return parse(text).map(QueryName::text);
            }
            if (c == '.') {
                if (labelLength == 0) {
                    return Optional.empty();
                }
                labelLength = 0;
                continue;
            }
            if (++labelLength > MAX_LABEL) {
                return Optional.empty();
            }
            lowerCase &= !(c >= 'A' && c <= 'Z');
        }
        if (length == 0) {
            return Optional.of(".");
        }
        if (labelLength == 0) {
            return Optional.empty();
        }
        String name = text.substring(0, length);
        return Optional.of(lowerCase ? name : name.toLowerCase(Locale.ROOT));
    }

    /** The cache and log form: lower case, no trailing dot ("." for the root). */
    static String text(Name name) {
        return name.toString(true).toLowerCase(Locale.ROOT);
    }

    private static Optional<byte[]> labelBytes(String label) {
        Optional<String> ascii = Idna.label(label);
        if (ascii.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = ascii.get().getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_LABEL) {
            return Optional.empty();
        }
        return Optional.of(bytes);
    }
}
