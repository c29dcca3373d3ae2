package org.mailauth.message;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
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
 * quoted-printable, RFC 2045 §6). Reading is bounded: {@value #MAX_DEPTH} levels of nesting, {@value #MAX_PARTS}
 * parts in all, the first {@value #MAX_HEADER_BYTES} bytes of a header section; what lies beyond is left out, never an
 * error. Only what a program reading reports needs; not a general MIME library.
 */
public final class MimeEntity {

    static final int MAX_DEPTH = 8;
    static final int MAX_PARTS = 100;
    /** Far beyond real header sections (a few kB, some tens with ARC): a 30 MB "header field" costs no more than this. */
    static final int MAX_HEADER_BYTES = 1 << 20;

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
        return parse(message, 0, message.length, 0, new int[] {0});
    }

    /**
     * The entity in {@code bytes[start, end)}. Parts are read where they lie, never copied: only header sections and
     * decoded leaf bodies are new arrays, so nesting costs no memory (eight nested multiparts used to copy the whole
     * message twice per level).
     */
    private static MimeEntity parse(byte[] bytes, int start, int end, int depth, int[] count) {
        int bodyStart = bodyStart(bytes, start, end);
        HeaderSection headers = HeaderSection.of(Arrays.copyOfRange(bytes, start, Math.min(bodyStart, start + MAX_HEADER_BYTES)));
        MediaType type = headers.values("Content-Type").stream().findFirst().map(MediaType::parse).orElse(MediaType.TEXT_PLAIN);
        List<MimeEntity> parts = new ArrayList<>();
        Optional<String> boundary = type.parameter("boundary");
        if (type.type().equals("multipart") && boundary.isPresent() && depth < MAX_DEPTH) {
            for (int[] part : split(bytes, bodyStart, end, boundary.get())) {
                if (++count[0] > MAX_PARTS) {
                    break;
                }
                parts.add(parse(bytes, part[0], part[1], depth + 1, count));
            }
            return new MimeEntity(headers, type, new byte[0], parts);
        }
        String encoding = headers.values("Content-Transfer-Encoding").stream().findFirst().orElse("7bit").trim().toLowerCase(Locale.ROOT);
        return new MimeEntity(headers, type, decode(bytes, bodyStart, end, encoding), parts);
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

    /**
     * The body of a leaf read as a header section, as the bodies of message/feedback-report (RFC 5965 §3),
     * text/rfc822-headers and the head of message/rfc822 are: its first {@value #MAX_HEADER_BYTES} bytes, ended as a
     * header section ends.
     */
    public HeaderSection bodyAsHeaderSection() {
        int length = Math.min(body.length, MAX_HEADER_BYTES);
        byte[] section = Arrays.copyOf(body, length + 4);
        section[length] = '\r';
        section[length + 1] = '\n';
        section[length + 2] = '\r';
        section[length + 3] = '\n';
        return HeaderSection.of(section);
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
    private static int bodyStart(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (bytes[i] == '\n') {
                int next = i + 1;
                if (next < end && bytes[next] == '\n') {
                    return next + 1;
                }
                if (next + 1 < end && bytes[next] == '\r' && bytes[next + 1] == '\n') {
                    return next + 2;
                }
                if (i == start) {
                    return start + 1;
                }
            }
        }
        return end;
    }

    /** Where the parts between "--boundary" lines lie, up to "--boundary--" (RFC 2046 §5.1.1): {start, end} each. */
    private static List<int[]> split(byte[] body, int start, int end, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<int[]> parts = new ArrayList<>();
        int partStart = -1;
        int lineStart = start;
        while (lineStart < end) {
            int lineEnd = indexOf(body, (byte) '\n', lineStart, end);
            int next = lineEnd < 0 ? end : lineEnd + 1;
            if (startsWith(body, lineStart, end, delimiter)) {
                if (partStart >= 0) {
                    parts.add(new int[] {partStart, withoutLineBreak(body, partStart, lineStart)});
                }
                int after = lineStart + delimiter.length;
                if (after + 1 < end && body[after] == '-' && body[after + 1] == '-') {
                    return parts;
                }
                partStart = next;
            }
            lineStart = next;
        }
        if (partStart >= 0 && partStart < end) {
            parts.add(new int[] {partStart, end});
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

    private static byte[] decode(byte[] raw, int start, int end, String encoding) {
        switch (encoding) {
            case "base64":
                return base64(raw, start, end);
            case "quoted-printable":
                return quotedPrintable(raw, start, end);
            default:
                return Arrays.copyOfRange(raw, start, end);
        }
    }

    /** Base64 with line breaks and other characters outside the alphabet skipped (RFC 2045 §6.8). */
    private static byte[] base64(byte[] raw, int start, int end) {
        byte[] text = new byte[end - start + 2];
        int length = 0;
        for (int i = start; i < end; i++) {
            byte c = raw[i];
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
                text[length++] = c;
            }
        }
        if (length % 4 == 2) {
            text[length++] = '=';
            text[length++] = '=';
        } else if (length % 4 == 3) {
            text[length++] = '=';
        } else {
            length -= length % 4;
        }
        ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(text, 0, length));
        byte[] body = new byte[decoded.remaining()];
        decoded.get(body);
        return body;
    }

    /** Quoted-printable (RFC 2045 §6.7): =XX octets and soft line breaks; a malformed = is kept as it is. */
    private static byte[] quotedPrintable(byte[] raw, int start, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            byte b = raw[i];
            if (b == '=' && i + 1 < end && (raw[i + 1] == '\n' || raw[i + 1] == '\r')) {
                i += raw[i + 1] == '\r' && i + 2 < end && raw[i + 2] == '\n' ? 2 : 1;
                continue;
            }
            if (b == '=' && i + 2 < end && Character.digit(raw[i + 1], 16) >= 0 && Character.digit(raw[i + 2], 16) >= 0) {
                out.write(Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
                i += 2;
                continue;
            }
            out.write(b);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] bytes, int offset, int end, byte[] prefix) {
        if (offset + prefix.length > end) {
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
