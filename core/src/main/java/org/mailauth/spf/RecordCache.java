package org.mailauth.spf;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed SPF records by their text: the same few provider records come back all day, and a parsed record
 * is immutable. A record that does not parse is remembered with its syntax error.
 */
final class RecordCache {

    private final Map<String, Object> records;

    RecordCache(int maxEntries) {
        this.records = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > maxEntries;
            }
        };
    }

    SpfRecord parse(String text) throws SpfSyntaxException {
        Object known;
        synchronized (records) {
            known = records.get(text);
        }
        if (known == null) {
            try {
                known = SpfRecord.parse(text);
            } catch (SpfSyntaxException e) {
                known = e.getMessage();
            }
            synchronized (records) {
                records.put(text, known);
            }
        }
        if (known instanceof String) {
            throw new SpfSyntaxException((String) known);
        }
        return (SpfRecord) known;
    }
}
