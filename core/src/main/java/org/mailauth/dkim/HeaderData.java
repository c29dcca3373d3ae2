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
}
