package org.mailauth.options;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A length of time as an admin writes it in an option (a mailet parameter, {@code mailauth.properties}, the command
 * line): a number of seconds, or a number with s, m, h or d. Zero and negative lengths are refused.
 */
public final class DurationOption {

    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,9})([smhd]?)");

    private DurationOption() {
    }

    /** @throws IllegalArgumentException saying what is expected and what {@code text} is (the caller names the option) */
    public static Duration parse(String text) {
        Matcher matcher = SYNTAX.matcher(text.trim().toLowerCase(Locale.ROOT));
        long amount = matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
        if (amount == 0) {
            throw new IllegalArgumentException("a positive number of seconds, or one with s, m, h or d (3600, 60s, 10m, 1d), not '"
                + text + "'");
        }
        switch (matcher.group(2)) {
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            case "d":
                return Duration.ofDays(amount);
            default:
                return Duration.ofSeconds(amount);
        }
    }
}
