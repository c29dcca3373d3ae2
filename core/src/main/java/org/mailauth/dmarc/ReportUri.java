package org.mailauth.dmarc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A DMARC Reporting URI of {@code rua} or {@code ruf} (RFC 9989 §4.6, §4.8): a URI, with the obsolete size limit
 * ({@code !10m}) of RFC 7489 §6.2 kept apart.
 */
public final class ReportUri {

    /** The largest size limit kept (15 digits, as many as a limit may have): more is no limit in practice. */
    static final long MAX_SIZE = 999_999_999_999_999L;

    private final URI uri;
    private final OptionalLong maxSize;

    private ReportUri(URI uri, OptionalLong maxSize) {
        this.uri = uri;
        this.maxSize = maxSize;
    }

    /** The URI, or empty when the text is not an absolute URI. */
    public static Optional<ReportUri> parse(String text) {
        String value = text.trim();
        OptionalLong size = OptionalLong.empty();
        int bang = value.lastIndexOf('!');
        if (bang > 0) {
            size = size(value.substring(bang + 1));
            if (size.isEmpty()) {
                return Optional.empty();
            }
            value = value.substring(0, bang);
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getSchemeSpecificPart() == null || uri.getSchemeSpecificPart().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ReportUri(uri, size));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static OptionalLong size(String text) {
        if (!text.matches("[0-9]{1,15}[kKmMgGtT]?")) {
            return OptionalLong.empty();
        }
        char unit = Character.toLowerCase(text.charAt(text.length() - 1));
        int exponent = "kmgt".indexOf(unit) + 1;
        long number = Long.parseLong(exponent == 0 ? text : text.substring(0, text.length() - 1));
        for (int i = 0; i < exponent && number <= MAX_SIZE; i++) {
            number *= 1024;
        }
        return OptionalLong.of(Math.min(number, MAX_SIZE));
    }

    public URI uri() {
        return uri;
    }

    /** {@code mailto:} is the one scheme a report sender must support (RFC 9989 §4.7). */
    public boolean isMailto() {
        return "mailto".equals(uri.getScheme().toLowerCase(Locale.ROOT));
    }

    /** The RFC 7489 size limit in octets, when given. */
    public OptionalLong maxSize() {
        return maxSize;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReportUri && ((ReportUri) other).uri.equals(uri) && ((ReportUri) other).maxSize.equals(maxSize);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uri, maxSize);
    }

    @Override
    public String toString() {
        return uri + (maxSize.isPresent() ? "!" + maxSize.getAsLong() : "");
    }
}
