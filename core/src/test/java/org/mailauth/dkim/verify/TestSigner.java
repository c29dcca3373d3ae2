package org.mailauth.dkim.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.mailauth.dkim.BodyCanonicalizer;
import org.mailauth.dkim.BodyHasher;
import org.mailauth.dkim.Canonicalization;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.HeaderData;
import org.mailauth.dkim.TestKeys;
import org.mailauth.message.HeaderField;
import org.mailauth.message.HeaderSection;
import org.mailauth.message.MessageStream;

/**
 * Makes DKIM-Signature fields with whatever tags a test needs (rsa-sha1, l=, t=, x=, i=, odd h= lists),
 * which the production signer rightly refuses to make. bh= and b= are computed properly.
 */
final class TestSigner {

    private final Map<String, String> tags = new LinkedHashMap<>();
    private Object key = TestKeys.RSA_2048.getPrivate();

    TestSigner(String selector) {
        tags.put("v", "1");
        tags.put("a", "rsa-sha256");
        tags.put("c", "relaxed/relaxed");
        tags.put("d", TestKeys.DOMAIN);
        tags.put("s", selector);
        tags.put("h", "from:to:subject:date:message-id");
    }

    TestSigner tag(String name, String value) {
        tags.put(name, value);
        return this;
    }

    TestSigner key(PrivateKey privateKey) {
        this.key = privateKey;
        return this;
    }

    TestSigner ed25519() {
        this.key = new Ed25519PrivateKeyParameters(TestKeys.ED25519_SEED, 0);
        return tag("a", "ed25519-sha256");
    }

    /** {@code message} with the signature field on top. */
    String sign(String message) throws Exception {
        String[] c = tags.get("c").split("/");
        Canonicalization headerCanon = Canonicalization.of(c[0]);
        Canonicalization bodyCanon = c.length > 1 ? Canonicalization.of(c[1]) : Canonicalization.SIMPLE;
        boolean sha1 = tags.get("a").endsWith("sha1");
        OptionalLong limit = tags.containsKey("l") ? OptionalLong.of(Long.parseLong(tags.get("l"))) : OptionalLong.empty();
        BodyHasher bodyHasher = new BodyHasher(sha1 ? DkimAlgorithm.RSA_SHA1 : DkimAlgorithm.RSA_SHA256, limit);
        BodyCanonicalizer body = BodyCanonicalizer.of(bodyCanon, bodyHasher);
        List<HeaderField> fields = new ArrayList<>();
        var stream = new MessageStream() {
            @Override
            protected void headers(HeaderSection section) {
                fields.addAll(section.fields());
            }

            @Override
            protected void body(byte[] bytes, int offset, int length) {
                body.update(bytes, offset, length);
            }

            void end() {
                endOfMessage();
            }
        };
        stream.write(message.getBytes(StandardCharsets.ISO_8859_1));
        stream.end();
        body.finish();
        String text = tags.entrySet().stream().map(tag -> tag.getKey() + "=" + tag.getValue()).collect(Collectors.joining("; "));
        String unsigned = "DKIM-Signature: " + text + "; bh=" + Base64.getEncoder().encodeToString(bodyHasher.finish().value()) + "; b=";
        List<String> names = Arrays.asList(tags.get("h").split(":"));
        byte[] data = HeaderData.of(names, headerCanon, fields, HeaderField.of(unsigned));
        return unsigned + Base64.getEncoder().encodeToString(signature(data, sha1)) + "\r\n" + message;
    }

    private byte[] signature(byte[] data, boolean sha1) throws Exception {
        if (key instanceof Ed25519PrivateKeyParameters) {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(data);
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, (Ed25519PrivateKeyParameters) key);
            signer.update(hash, 0, hash.length);
            return signer.generateSignature();
        }
        Signature signer = Signature.getInstance(sha1 ? "SHA1withRSA" : "SHA256withRSA");
        signer.initSign((PrivateKey) key);
        signer.update(data);
        return signer.sign();
    }
}
