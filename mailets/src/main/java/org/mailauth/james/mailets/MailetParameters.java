package org.mailauth.james.mailets;

import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import javax.mail.MessagingException;

import org.apache.mailet.base.GenericMailet;

/**
 * A mailet's init parameters, checked at start-up: an unknown name stops James with a message naming it
 * and listing the known ones (a typo must not silently fall back to a default).
 */
final class MailetParameters {

    /** James's own per-mailet parameters, allowed on every mailet. */
    private static final Set<String> CONTAINER_PARAMETERS = Set.of("onMailetException", "onMatchException");

    private final GenericMailet mailet;

    private MailetParameters(GenericMailet mailet) {
        this.mailet = mailet;
    }

    static MailetParameters of(GenericMailet mailet, Set<String> known) throws MessagingException {
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> names = mailet.getInitParameterNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name) && !CONTAINER_PARAMETERS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new MessagingException(name(mailet) + ": unknown parameter(s) " + unknown
                + "; the known parameters are " + new TreeSet<>(known));
        }
        return new MailetParameters(mailet);
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(mailet.getInitParameter(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    String required(String name, String why) throws MessagingException {
        return optional(name).orElseThrow(() -> invalid(name, why));
    }

    /** {@code true} or {@code false}; absent means {@code defaultValue}. */
    boolean bool(String name, boolean defaultValue) throws MessagingException {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (value.get().equalsIgnoreCase("true") || value.get().equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value.get());
        }
        throw invalid(name, "expected true or false, not '" + value.get() + "'");
    }

    /** The value of {@code name} as {@code parse} reads it; its IllegalArgumentException says why it cannot be. */
    <T> Optional<T> parsed(String name, Function<String, T> parse) throws MessagingException {
        Optional<String> value = optional(name);
        try {
            return value.map(parse);
        } catch (IllegalArgumentException e) {
            throw invalid(name, e.getMessage());
        }
    }

    MessagingException invalid(String name, String why) {
        return new MessagingException(name(mailet) + ": invalid parameter " + name + ": " + why);
    }

    private static String name(GenericMailet mailet) {
        return "mailet " + mailet.getClass().getName();
    }
}
