package org.mailauth.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mailauth.message.HeaderField;

/**
 * The data a signature covers (RFC 6376 §3.7): each field named in h=, chosen from the bottom up among the
 * fields of that name (§5.4.2; a name with no field left adds nothing), canonicalized, each followed by
 * CRLF; then the DKIM-Signature field itself with its b= value emptied, canonicalized, without CRLF.
 */
public final class HeaderData {

    private HeaderData() {
    }

    public static byte[] of(List<String> signedNames, Canonicalization canonicalization, List<HeaderField> fields,
                     HeaderField signatureWithoutValue) {
        Map<String, List<HeaderField>> byName = new HashMap<>();
        for (HeaderField field : fields) {
            byName.computeIfAbsent(field.lowerCaseName(), name -> new ArrayList<>()).add(field);
        }
        Map<String, Integer> used = new HashMap<>();
        StringBuilder data = new StringBuilder();
        for (String name : signedNames) {
            String key = HeaderCanonicalizer.lowerCase(name);
            List<HeaderField> candidates = byName.getOrDefault(key, List.of());
            int count = used.merge(key, 1, Integer::sum);
            if (count <= candidates.size()) {
                data.append(HeaderCanonicalizer.canonicalize(candidates.get(candidates.size() - count), canonicalization))
                    .append("\r\n");
            }
        }
        data.append(HeaderCanonicalizer.canonicalize(signatureWithoutValue, canonicalization));
        return data.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A signature field as it enters its own hash (RFC 6376 §3.7, RFC 8617 §4.1.2 and §4.1.3): the value of its b= tag
     * removed, everything else unchanged.
     */
    public static HeaderField withoutSignatureValue(HeaderField field) {
        String raw = field.raw();
        int colon = raw.indexOf(':');
        StringBuilder out = new StringBuilder(raw.substring(0, colon + 1));
        int start = colon + 1;
        while (start <= raw.length()) {
            int end = raw.indexOf(';', start);
            String spec = end < 0 ? raw.substring(start) : raw.substring(start, end);
            int equals = spec.indexOf('=');
            if (equals >= 0 && spec.substring(0, equals).trim().equals("b")) {
                out.append(spec, 0, equals + 1);
            } else {
                out.append(spec);
            }
            if (end < 0) {
                break;
            }
            out.append(';');
            start = end + 1;
        }
        return HeaderField.of(out.toString());
    }
}
