package org.mailauth.cli;

import java.util.Locale;

import picocli.CommandLine;

/**
 * The largest message the SMTP server of {@code mailauth run} accepts (its {@code maxmessagesize}; RFC 1870
 * SIZE): a number of octets, or of kibi- or mebi-octets with {@code K} or {@code M}, as James reads sizes.
 */
record MessageSize(long octets, String text) {

    private static final long KIBI = 1024;
    private static final long MAX_OCTETS = 2L * 1024 * 1024 * 1024;

    /** @throws IllegalArgumentException saying what the text is not */
    static MessageSize parse(String text) {
        String value = text.trim().toUpperCase(Locale.ROOT);
        if (!value.matches("[0-9]{1,10}[KM]?")) {
            throw new IllegalArgumentException("a size is a number with K or M, e.g. 25M or 512K, not '" + text + "'");
        }
        char unit = value.charAt(value.length() - 1);
        long multiplier = unit == 'M' ? KIBI * KIBI : unit == 'K' ? KIBI : 1;
        long number = Long.parseLong(Character.isDigit(unit) ? value : value.substring(0, value.length() - 1));
        long octets = number * multiplier;
        if (octets < KIBI || octets > MAX_OCTETS) {
            throw new IllegalArgumentException("a message size limit is between 1K and 2048M, not '" + text + "'");
        }
        return new MessageSize(octets, value);
    }

    /** What smtpserver.xml's {@code maxmessagesize} takes: kibi-octets, rounded up. */
    long kibiOctets() {
        return (octets + KIBI - 1) / KIBI;
    }

    @Override
    public String toString() {
        return text;
    }

    /** For picocli: a usage error that says what is wrong. */
    static final class Converter implements CommandLine.ITypeConverter<MessageSize> {
        @Override
        public MessageSize convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
