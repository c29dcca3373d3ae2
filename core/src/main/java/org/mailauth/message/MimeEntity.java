package org.mailauth.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One MIME entity (RFC 2045 §2.4, RFC 2046 §5.1): its header fields, its media type with parameters, and either its
 * parts (a multipart, split at its boundary) or its body with the Content-Transfer-Encoding undone (base64 and
 * quoted-printable, RFC 2045 §6). Reading is bounded: {@value #MAX_DEPTH} levels of nesting and {@value #MAX_PARTS}
 * parts in all; what lies beyond is left out, never an error. Only what a program reading reports needs; not a
 * general MIME library.
 */
public final class MimeEntity {

    static final int MAX_DEPTH = 8;
    static final int MAX_PARTS = 100;

    private final HeaderSection headers;
    private final MediaType type;
    private final byte[] body;
    private final List<MimeEntity> parts;

    private MimeEntity(HeaderSection headers, MediaType type, byte[] body, List<MimeEntity> parts) {
        this.headers = headers;
        this.type = type;
        this.body = body;
        this.parts = List.copyOf(parts);
    }

    /** The entity in {@code message}: a whole message, or a part's bytes. */
    public static MimeEntity parse(byte[] message) {
        return parse(message, 0, new int[] {0});
    }

    private static MimeEntity parse(byte[] bytes, int depth, int[] count) {
        int bodyStart = bodyStart(bytes);
        HeaderSection headers = HeaderSection.of(Arrays.copyOf(bytes, bodyStart));
        MediaType type = headers.values("Content-Type").stream().findFirst().map(MediaType::parse).orElse(MediaType.TEXT_PLAIN);
        byte[] raw = Arrays.copyOfRange(bytes, bodyStart, bytes.length);
        List<MimeEntity> parts = new ArrayList<>();
        Optional<String> boundary = type.parameter("boundary");
        if (type.type().equals("multipart") && boundary.isPresent() && depth < MAX_DEPTH) {
            for (byte[] part : split(raw, boundary.get())) {
                if (++count[0] > MAX_PARTS) {
                    break;
                }
                parts.add(parse(part, depth + 1, count));
            }
            return new MimeEntity(headers, type, new byte[0], parts);
        }
        String encoding = headers.values("Content-Transfer-Encoding").stream().findFirst().orElse("7bit").trim().toLowerCase(Locale.ROOT);
        return new MimeEntity(headers, type, decode(raw, encoding), parts);
    }

    public HeaderSection headers() {
        return headers;
    }

    public MediaType type() {
        return type;
    }

    /** The decoded body of a leaf; empty for a multipart. */
    public byte[] body() {
        return body.clone();
    }

    /** The parts of a multipart; empty for a leaf. */
    public List<MimeEntity> parts() {
        return parts;
    }

    /** This entity and every entity inside it, depth first. */
    public List<MimeEntity> all() {
        List<MimeEntity> all = new ArrayList<>();
        all.add(this);
        parts.forEach(part -> all.addAll(part.all()));
        return all;
    }

    /** The file name the entity gives: Content-Disposition's filename, else Content-Type's name (RFC 2183, RFC 2045). */
    public Optional<String> fileName() {
        Optional<String> disposition = headers.values("Content-Disposition").stream().findFirst()
            .flatMap(value -> MediaType.parse("x/" + value.trim()).parameter("filename"));
        return disposition.or(() -> type.parameter("name"));
    }

    /** After the header section's empty line; the whole input when there is none (a body without header fields). */
    private static int bodyStart(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                int next = i + 1;
                if (next < bytes.length && bytes[next] == '\n') {
                    return next + 1;
                }
                if (next + 1 < bytes.length && bytes[next] == '\r' && bytes[next + 1] == '\n') {
                    return next + 2;
                }
                if (i == 0) {
                    return 1;
                }
            }
        }
        return bytes.length;
    }

    /** The parts between "--boundary" lines, up to "--boundary--" (RFC 2046 §5.1.1). */
    private static List<byte[]> split(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> parts = new ArrayList<>();
        int partStart = -1;
        int lineStart = 0;
        while (lineStart < body.length) {
            int lineEnd = indexOf(body, (byte) '\n', lineStart);
            int next = lineEnd < 0 ? body.length : lineEnd + 1;
            if (startsWith(body, lineStart, delimiter)) {
                if (partStart >= 0) {
                    parts.add(Arrays.copyOfRange(body, partStart, withoutLineBreak(body, partStart, lineStart)));
                }
                int after = lineStart + delimiter.length;
                if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
                    return parts;
                }
                partStart = next;
            }
            lineStart = next;
        }
        if (partStart >= 0 && partStart < body.length) {
            parts.add(Arrays.copyOfRange(body, partStart, body.length));
        }
        return parts;
    }

    /** The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1). */
    private static int withoutLineBreak(byte[] body, int start, int end) {
        int stop = end;
        if (stop > start && body[stop - 1] == '\n') {
            stop--;
        }
        if (stop > start && body[stop - 1] == '\r') {
            stop--;
        }
        return stop;
    }

    private static byte[] decode(byte[] raw, String encoding) {
        switch (encoding) {
            case "base64":
                return base64(raw);
            case "quoted-printable":
                return quotedPrintable(raw);
            default:
                return raw;
        }
    }

    /** Base64 with line breaks and other characters outside the alphabet skipped (RFC 2045 §6.8). */
    private static byte[] base64(byte[] raw) {
        StringBuilder text = new StringBuilder(raw.length);
        for (byte b : raw) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
                text.append(c);
            }
        }
        int usable = text.length() - text.length() % 4;
        if (text.length() % 4 == 2) {
            text.append("==");
            usable = text.length();
        } else if (text.length() % 4 == 3) {
            text.append('=');
            usable = text.length();
        }
        return Base64.getDecoder().decode(text.substring(0, usable));
    }

    /** Quoted-printable (RFC 2045 §6.7): =XX octets and soft line breaks; a malformed = is kept as it is. */
    private static byte[] quotedPrintable(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '=' && i + 1 < raw.length && (raw[i + 1] == '\n' || raw[i + 1] == '\r')) {
                i += raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n' ? 2 : 1;
                continue;
            }
            if (b == '=' && i + 2 < raw.length && Character.digit(raw[i + 1], 16) >= 0 && Character.digit(raw[i + 2], 16) >= 0) {
                out.write(Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
                i += 2;
                continue;
            }
            out.write(b);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (offset + prefix.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
