package org.mailauth.spf;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.mailauth.dns.IpLiteral;

/** Expands macro-strings (RFC 7208 §7.3) with the arguments of the check they belong to. */
final class MacroExpander {

    private static final String UNRESERVED = "-._~";
    private static final String HEX = "0123456789ABCDEF";

    private final Evaluation evaluation;

    MacroExpander(Evaluation evaluation) {
        this.evaluation = evaluation;
    }

    /** Expands {@code macro} for the record of {@code domain}; asks DNS only when it uses {@code %{p}}. */
    CompletionStage<String> expand(MacroString macro, String domain) {
        if (!macro.usesValidatedName()) {
            return CompletableFuture.completedFuture(expand(macro, domain, "unknown"));
        }
        return evaluation.validatedNames().thenApply(names -> expand(macro, domain, preferredName(names, domain)));
    }

    private String expand(MacroString macro, String domain, String validatedName) {
        StringBuilder out = new StringBuilder();
        for (MacroString.Part part : macro.parts()) {
            if (part instanceof MacroString.Literal) {
                out.append(((MacroString.Literal) part).text);
            } else {
                MacroString.Macro m = (MacroString.Macro) part;
                String value = transform(value(m.letter, domain, validatedName), m);
                out.append(m.urlEscape ? urlEscape(value) : value);
            }
        }
        return out.toString();
    }

    private String value(char letter, String domain, String validatedName) {
        InetAddress ip = evaluation.ip();
        switch (letter) {
            case 's':
                return evaluation.sender().toString();
            case 'l':
                return evaluation.sender().localPart;
            case 'o':
                return evaluation.sender().domain;
            case 'd':
                return domain;
            case 'i':
                return dotted(ip);
            case 'p':
                return validatedName;
            case 'v':
                return Cidr.isIpv4(ip) ? "in-addr" : "ip6";
            case 'h':
                return evaluation.helo();
            case 'c':
                return IpLiteral.format(ip);
            case 'r':
                return evaluation.settings().receiver();
            case 't':
                return Long.toString(evaluation.settings().clock().instant().getEpochSecond());
            default:
                throw new IllegalStateException("unknown macro letter " + letter);
        }
    }

    /** §7.3: split on the delimiters, reverse if asked, keep the rightmost parts, join with dots. */
    private static String transform(String value, MacroString.Macro macro) {
        if (macro.rightParts == 0 && !macro.reverse && macro.delimiters.equals(".")) {
            return value;
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (macro.delimiters.indexOf(value.charAt(i)) >= 0) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        if (macro.reverse) {
            Collections.reverse(parts);
        }
        if (macro.rightParts > 0 && macro.rightParts < parts.size()) {
            parts = parts.subList(parts.size() - macro.rightParts, parts.size());
        }
        return String.join(".", parts);
    }

    /**
     * The {@code i} macro: dotted quad, or for IPv6 the 32 nibbles separated by dots (§7.3), in upper case
     * as the OpenSPF suite expects (DNS compares names without regard to case).
     */
    private static String dotted(InetAddress ip) {
        byte[] bytes = ip.getAddress();
        if (bytes.length == 4) {
            return ip.getHostAddress();
        }
        StringBuilder nibbles = new StringBuilder();
        for (byte b : bytes) {
            if (nibbles.length() > 0) {
                nibbles.append('.');
            }
            nibbles.append(HEX.charAt((b >> 4) & 0xf)).append('.').append(HEX.charAt(b & 0xf));
        }
        return nibbles.toString();
    }

    /** §7.3: the domain itself if validated, else a subdomain of it, else any validated name, else "unknown". */
    private static String preferredName(List<String> names, String domain) {
        String lower = domain.toLowerCase(Locale.ROOT);
        for (String name : names) {
            if (name.equalsIgnoreCase(domain)) {
                return name;
            }
        }
        for (String name : names) {
            if (name.toLowerCase(Locale.ROOT).endsWith("." + lower)) {
                return name;
            }
        }
        return names.isEmpty() ? "unknown" : names.get(0);
    }

    /** RFC 3986 percent-encoding of everything outside the unreserved set. */
    private static String urlEscape(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || UNRESERVED.indexOf(c) >= 0;
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }
}
