package org.mailauth.dkim.sign;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

import org.mailauth.dkim.BodyCanonicalizer;
import org.mailauth.dkim.BodyHasher;
import org.mailauth.dkim.HeaderData;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.message.HeaderField;
import org.mailauth.message.HeaderSection;
import org.mailauth.message.MessageStream;

/**
 * Makes the DKIM-Signature field of a message (RFC 6376 §5) as it streams by: the header section is read,
 * the body passes once through the canonicalizer into the body hash, then the header hash is signed.
 * Nothing of the body is kept.
 */
public final class DkimSigner {

    private static final int LINE_LENGTH = 76;

    private final SigningKey key;
    private final SigningSettings settings;

    public DkimSigner(SigningKey key, SigningSettings settings) {
        this.key = key;
        this.settings = settings;
    }

    public SigningKey key() {
        return key;
    }

    public Session start() {
        return new Session();
    }

    /** Reads the whole message and returns its DKIM-Signature field (folded, without the final CRLF). */
    public String sign(InputStream message) throws IOException {
        Session session = start();
        message.transferTo(session);
        return session.finish();
    }

    /** One message being signed. Not thread-safe. */
    public final class Session extends MessageStream {
        private final BodyHasher bodyHasher = new BodyHasher(key.algorithm(), OptionalLong.empty());
        private final BodyCanonicalizer body = BodyCanonicalizer.of(settings.bodyCanonicalization(), bodyHasher);
        private List<HeaderField> fields;

        @Override
        protected void headers(HeaderSection section) {
            this.fields = section.fields();
        }

        @Override
        protected void body(byte[] bytes, int offset, int length) {
            body.update(bytes, offset, length);
        }

        /**
         * The DKIM-Signature field, to put on top of the message.
         *
         * @throws IllegalStateException when the message has no From field (RFC 6376 §5.4 requires signing it)
         */
        public String finish() {
            endOfMessage();
            body.finish();
            List<String> signed = signedHeaderNames(fields);
            String unsigned = SIGNATURE_FIELD + ": " + tags(signed, Base64.getEncoder().encodeToString(bodyHasher.finish().value()));
            byte[] data = HeaderData.of(signed, settings.headerCanonicalization(), fields, HeaderField.of(unsigned));
            return unsigned + fold(Base64.getEncoder().encodeToString(key.sign(data)), lastLineLength(unsigned));
        }
    }

    private static final String SIGNATURE_FIELD = "DKIM-Signature";

    /**
     * h=: every listed field present, once per occurrence, over-signed ones once more; an absent one once when its
     * absence is asserted (RFC 6376 §5.4); From always.
     */
    private List<String> signedHeaderNames(List<HeaderField> fields) {
        Map<String, Integer> present = new LinkedHashMap<>();
        for (HeaderField field : fields) {
            present.merge(field.lowerCaseName(), 1, Integer::sum);
        }
        if (!present.containsKey("from")) {
            throw new IllegalStateException("the message has no From field; DKIM must sign it (RFC 6376 §5.4)");
        }
        List<String> names = new ArrayList<>();
        List<String> wanted = new ArrayList<>(settings.headers());
        if (wanted.stream().noneMatch(name -> name.equalsIgnoreCase("from"))) {
            wanted.add(0, "From");
        }
        for (String name : wanted) {
            String lower = name.toLowerCase(Locale.ROOT);
            int occurrences = present.getOrDefault(lower, 0);
            int count = occurrences > 0 ? occurrences + (settings.overSigned().contains(lower) ? 1 : 0)
                : settings.assertedAbsent().contains(lower) ? 1 : 0;
            for (int i = 0; i < count; i++) {
                names.add(lower);
            }
        }
        return names;
    }

    /** Every tag up to and including "b=", folded (§3.5). */
    private String tags(List<String> signed, String bodyHash) {
        long now = settings.clock().instant().getEpochSecond();
        List<String> tags = new ArrayList<>();
        tags.add("v=1");
        tags.add("a=" + key.algorithm().tagValue());
        tags.add("c=" + settings.headerCanonicalization().tagValue() + "/" + settings.bodyCanonicalization().tagValue());
        tags.add("d=" + key.domain());
        tags.add("s=" + key.selector());
        tags.add("t=" + now);
        settings.lifetime().ifPresent(lifetime -> tags.add("x=" + (now + lifetime.getSeconds())));
        tags.add("h=" + String.join(":", signed));
        tags.add("bh=" + bodyHash);
        StringBuilder out = new StringBuilder();
        int column = SIGNATURE_FIELD.length() + 2;
        for (String tag : tags) {
            String text = tag + ";";
            if (out.length() > 0) {
                if (column + 1 + text.length() > LINE_LENGTH) {
                    out.append("\r\n\t");
                    column = 1;
                } else {
                    out.append(' ');
                    column++;
                }
            }
            if (text.startsWith("h=") && column + text.length() > LINE_LENGTH) {
                text = foldHeaderList(text, column);
            }
            out.append(text);
            column = lastLineLength(out.toString());
        }
        out.append(column + 3 > LINE_LENGTH ? "\r\n\tb=" : " b=");
        return out.toString();
    }

    /** h= folded after colons (FWS is allowed around them, §3.5). */
    private static String foldHeaderList(String text, int column) {
        StringBuilder out = new StringBuilder();
        int current = column;
        for (String part : text.split("(?<=:)")) {
            if (current + part.length() > LINE_LENGTH && out.length() > 0) {
                out.append("\r\n\t");
                current = 1;
            }
            out.append(part);
            current += part.length();
        }
        return out.toString();
    }

    /** The b= value, broken into lines (FWS may appear anywhere in it and is ignored, §3.5). */
    private static String fold(String base64, int column) {
        StringBuilder out = new StringBuilder();
        int current = column;
        for (int i = 0; i < base64.length(); ) {
            int room = Math.max(1, LINE_LENGTH - current);
            int end = Math.min(base64.length(), i + room);
            out.append(base64, i, end);
            i = end;
            if (i < base64.length()) {
                out.append("\r\n\t");
                current = 1;
            }
        }
        return out.toString();
    }

    private static int lastLineLength(String text) {
        return text.length() - text.lastIndexOf('\n') - 1;
    }
}
