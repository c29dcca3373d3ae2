package org.mailauth.arc;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

import org.mailauth.dkim.BodyCanonicalizer;
import org.mailauth.dkim.BodyHasher;
import org.mailauth.dkim.Canonicalization;
import org.mailauth.dkim.HeaderData;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.message.HeaderField;
import org.mailauth.message.HeaderSection;
import org.mailauth.message.MessageStream;

/**
 * Adds an ARC Set to a message (RFC 8617 §5.1) as it streams by: the ARC-Authentication-Results with the results this
 * ADMD found, the ARC-Message-Signature over the body and header fields (relaxed/relaxed), and the ARC-Seal over the
 * chain with the Chain Validation Status the caller's validation gave. Tags are written in alphabetical order, as the
 * ValiMail signing suite expects; nothing of the body is kept.
 */
public final class ArcSealer {

    private static final int LINE_LENGTH = 78;
    /**
     * A fold (RFC 5322 §2.2.3) with a space: dkimpy (1.1), as Mailman uses it, finds the AMS of an instance by the text
     * " i=N;" and cannot validate a chain whose AMS has its i= at the start of a line folded with a tab.
     */
    private static final String FOLD = "\r\n ";

    private final SigningKey key;
    private final SealingSettings settings;

    public ArcSealer(SigningKey key, SealingSettings settings) {
        this.key = Objects.requireNonNull(key);
        this.settings = Objects.requireNonNull(settings);
    }

    public SigningKey key() {
        return key;
    }

    public Session start() {
        return new Session();
    }

    /** Reads the whole message and seals it; see {@link Session#finish}. */
    public ArcSealing seal(InputStream message, ChainValidationStatus validation, String authresPayload) throws IOException {
        Session session = start();
        message.transferTo(session);
        return session.finish(validation, authresPayload);
    }

    /** One message being sealed. Not thread-safe. */
    public final class Session extends MessageStream {
        private final BodyHasher bodyHasher = new BodyHasher(key.algorithm(), OptionalLong.empty());
        private final BodyCanonicalizer body = BodyCanonicalizer.of(Canonicalization.RELAXED, bodyHasher);
        private List<HeaderField> fields = List.of();

        @Override
        protected void headers(HeaderSection section) {
            fields = section.fields();
        }

        @Override
        protected void body(byte[] bytes, int offset, int length) {
            body.update(bytes, offset, length);
        }

        /**
         * The new ARC Set. {@code validation} is the Chain Validation Status this ADMD's validation gave the message as it
         * arrived (§5.2); {@code authresPayload} the authres-payload of the AAR, {@code authserv-id; method=result ...}
         * (§4.1.1), which should hold that status as {@code arc=}.
         */
        public ArcSealing finish(ChainValidationStatus validation, String authresPayload) {
            endOfMessage();
            body.finish();
            ArcChain chain = ArcChain.of(fields);
            if (chain.latestSealFailed()) {
                return ArcSealing.notSealed("the latest ARC-Seal already says cv=fail (RFC 8617 §5.1 step 2)");
            }
            int instance = chain.highestInstance() + 1;
            if (instance > InstanceTag.MAX) {
                return ArcSealing.notSealed("the message has " + chain.highestInstance() + " ARC Sets, the most there can be (RFC 8617 §5.2 step 1)");
            }
            ChainValidationStatus cv = !chain.present() ? ChainValidationStatus.NONE
                : chain.broken().isPresent() || validation != ChainValidationStatus.PASS ? ChainValidationStatus.FAIL : ChainValidationStatus.PASS;
            long now = settings.clock().instant().getEpochSecond();
            String results = ArcAuthenticationResults.NAME + ": i=" + instance + "; " + authresPayload.trim();
            String messageSignature = messageSignature(instance, now, Base64.getEncoder().encodeToString(bodyHasher.finish().value()));
            List<ArcSet> sealed = new ArrayList<>(cv == ChainValidationStatus.FAIL ? List.of() : chain.sets());
            String sealTags = "a=" + key.algorithm().tagValue() + "; b=; cv=" + cv.keyword() + "; d=" + key.domain() + "; i=" + instance
                + "; s=" + key.selector() + "; t=" + now;
            String unsignedSeal = fold(ArcSeal.NAME + ": " + sealTags);
            try {
                // A placeholder b= that reads back; the seal's own b= is emptied in what it signs (§5.1.1).
                sealed.add(new ArcSet(ArcAuthenticationResults.parse(HeaderField.of(results)),
                    ArcMessageSignature.parse(HeaderField.of(messageSignature)), ArcSeal.parse(HeaderField.of(withSignature(unsignedSeal, "AAAA")))));
            } catch (ArcSyntaxException e) {
                throw new IllegalStateException("the ARC Set made for " + key + " cannot be read back: " + e.getMessage(), e);
            }
            String signature = Base64.getEncoder().encodeToString(key.sign(ArcVerifier.sealedData(sealed)));
            return ArcSealing.sealed(withSignature(unsignedSeal, signature), messageSignature, results, instance, cv);
        }

        /**
         * The AMS: the header fields of the settings present in the message, bottom-up as DKIM chooses them (RFC 6376
         * §5.4.2). Its b= stays on one line: the seals above it sign it relaxed, where a fold would be a space, and the
         * suite's standard form (and so its expected seals) has none.
         */
        private String messageSignature(int instance, long now, String bodyHash) {
            Map<String, Integer> present = new HashMap<>();
            fields.forEach(field -> present.merge(field.lowerCaseName(), 1, Integer::sum));
            List<String> signed = new ArrayList<>();
            for (String name : settings.headers()) {
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.startsWith("arc-") || lower.equals("authentication-results")) {
                    continue;
                }
                for (int i = 0; i < present.getOrDefault(lower, 0); i++) {
                    signed.add(lower);
                }
            }
            String unsigned = fold(ArcMessageSignature.NAME + ": a=" + key.algorithm().tagValue() + "; b=; bh=" + bodyHash
                + "; c=relaxed/relaxed; d=" + key.domain() + "; h=" + String.join(":", signed) + "; i=" + instance + "; s=" + key.selector()
                + "; t=" + now);
            byte[] data = HeaderData.of(signed, Canonicalization.RELAXED, fields, HeaderField.of(unsigned));
            String signature = Base64.getEncoder().encodeToString(key.sign(data));
            return unsigned.replace(" b=;", " b=" + signature + ";");
        }
    }

    /** Breaks a field at the spaces after semicolons where a line would pass {@value #LINE_LENGTH} characters. */
    private static String fold(String field) {
        StringBuilder out = new StringBuilder();
        int column = 0;
        for (String part : field.split("(?<=;) ")) {
            if (out.length() > 0) {
                if (column + 1 + part.length() > LINE_LENGTH) {
                    out.append(FOLD);
                    column = 1;
                } else {
                    out.append(' ');
                    column++;
                }
            }
            out.append(part);
            column += part.length();
        }
        return out.toString();
    }

    /** The field with {@code signature} as the value of its empty b= tag, broken into lines (FWS is ignored in b=, RFC 6376 §3.5). */
    private static String withSignature(String unsigned, String signature) {
        int at = unsigned.indexOf(" b=;");
        int valueStart = at + 3;
        int column = valueStart - unsigned.lastIndexOf('\n', valueStart) - 1;
        StringBuilder out = new StringBuilder(unsigned.substring(0, valueStart));
        for (int i = 0; i < signature.length(); ) {
            int room = Math.max(8, LINE_LENGTH - column);
            int end = Math.min(signature.length(), i + room);
            out.append(signature, i, end);
            i = end;
            if (i < signature.length()) {
                out.append(FOLD);
                column = 1;
            }
        }
        return out.append(unsigned.substring(valueStart)).toString();
    }
}
