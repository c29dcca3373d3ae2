package org.mailauth.dkim.verify;

import java.util.LinkedHashMap;
import java.util.Map;

import org.mailauth.dkim.DkimKey;
import org.mailauth.dkim.DkimSyntaxException;

/** Parsed key records by their text, so a key seen before is not decoded again (DNS caching is the resolver's). */
final class KeyCache {

    private final Map<String, DkimKey> keys;

    KeyCache(int maxEntries) {
        this.keys = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DkimKey> eldest) {
                return size() > maxEntries;
            }
        };
    }

    DkimKey parse(String record) throws DkimSyntaxException {
        synchronized (keys) {
            DkimKey known = keys.get(record);
            if (known != null) {
                return known;
            }
        }
        DkimKey key = DkimKey.parse(record);
        synchronized (keys) {
            keys.put(record, key);
        }
        return key;
    }
}
