package org.mailauth.dkim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mailauth.results.FieldText;

/**
 * A tag=value list (RFC 6376 §3.2): tags separated by ';', names of letters, digits and '_' starting with
 * a letter, values with surrounding whitespace removed. A tag named twice makes the whole list invalid.
 */
public final class TagList {

    private final Map<String, String> tags;

    private TagList(Map<String, String> tags) {
        this.tags = Collections.unmodifiableMap(tags);
    }

    public static TagList parse(String text) throws DkimSyntaxException {
        Map<String, String> tags = new LinkedHashMap<>();
        String[] specs = text.split(";", -1);
        for (int i = 0; i < specs.length; i++) {
            String spec = specs[i];
            if (spec.trim().isEmpty()) {
                if (i == specs.length - 1) {
                    break;
                }
                throw new DkimSyntaxException("empty tag-spec in " + FieldText.quote(text));
            }
            int equals = spec.indexOf('=');
            if (equals < 0) {
                throw new DkimSyntaxException("tag-spec without '=': " + FieldText.quote(spec.trim()));
            }
            String name = spec.substring(0, equals).trim();
            if (!isTagName(name)) {
                throw new DkimSyntaxException("invalid tag name " + FieldText.quote(name));
            }
            String value = trimWhitespace(spec.substring(equals + 1));
            if (tags.put(name, value) != null) {
                throw new DkimSyntaxException("tag " + FieldText.quote(name) + " occurs twice (§3.2)");
            }
        }
        return new TagList(tags);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(tags.get(name));
    }

    public String required(String name) throws DkimSyntaxException {
        String value = tags.get(name);
        if (value == null) {
            throw new DkimSyntaxException("required tag " + name + "= is missing");
        }
        return value;
    }

    public boolean has(String name) {
        return tags.containsKey(name);
    }

    /** The first tag's name ("v" for records that start with a version). */
    public Optional<String> firstName() {
        return tags.keySet().stream().findFirst();
    }

    /** The value with all folding white space removed (base64 values may be folded, §3.5). */
    public static String withoutWhitespace(String value) {
        char[] out = new char[value.length()];
        int length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isWhitespace(c)) {
                out[length++] = c;
            }
        }
        return length == value.length() ? value : new String(out, 0, length);
    }

    private static String trimWhitespace(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isTagName(String name) {
        if (name.isEmpty() || !Character.isLetter(name.charAt(0)) || name.charAt(0) > 0x7f) {
            return false;
        }
        return name.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '_'));
    }
}
