package org.mailauth.arc;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

import org.mailauth.dkim.BodyCanonicalizer;
import org.mailauth.dkim.BodyHasher;
import org.mailauth.dkim.Canonicalization;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.HeaderData;
import org.mailauth.message.HeaderField;
import org.mailauth.message.HeaderSection;

/**
 * Adds an ARC Set as a sealer that follows none of the rules {@link ArcSealer} keeps: any RSA key (of any size), any
 * a= (rsa-sha1 too), any instance and cv=; the seal signs the sets 1..i it finds, whatever their state. For chains
 * that no conforming sealer makes and validators must still refuse. The AMS signs From, To and Subject.
 */
final class UncheckedSealer {

    private final PrivateKey key;
    private final DkimAlgorithm algorithm;
    private final String domain;
    private final String selector;

    UncheckedSealer(PrivateKey key, DkimAlgorithm algorithm, String domain, String selector) {
        this.key = key;
        this.algorithm = algorithm;
        this.domain = domain;
        this.selector = selector;
    }

    /** {@code message} with a set of {@code instance} and {@code cv} on top. */
    byte[] seal(byte[] message, int instance, ChainValidationStatus cv) {
        try {
            String text = Hop.text(message);
            List<HeaderField> fields = HeaderSection.of(message).fields();
            String tags = "i=" + instance + "; a=" + algorithm.tagValue() + "; d=" + domain + "; s=" + selector;
            String results = ArcAuthenticationResults.NAME + ": i=" + instance + "; " + domain + "; arc=" + cv.keyword();
            String unsignedAms = ArcMessageSignature.NAME + ": " + tags + "; c=relaxed/relaxed; h=from:to:subject; bh="
                + bodyHash(text.substring(text.indexOf("\r\n\r\n") + 4)) + "; b=";
            String ams = unsignedAms + sign(HeaderData.of(List.of("from", "to", "subject"), Canonicalization.RELAXED, fields,
                HeaderField.of(unsignedAms)));
            String unsignedSeal = ArcSeal.NAME + ": " + tags + "; cv=" + cv.keyword() + "; b=";
            List<ArcSet> sets = setsBelow(instance, fields);
            sets.add(new ArcSet(ArcAuthenticationResults.parse(HeaderField.of(results)), ArcMessageSignature.parse(HeaderField.of(ams)),
                ArcSeal.parse(HeaderField.of(unsignedSeal + "AAAA"))));
            String seal = unsignedSeal + sign(ArcVerifier.sealedData(sets));
            return Hop.prepend(seal + "\r\n" + ams + "\r\n" + results, message);
        } catch (ArcSyntaxException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ArcSet> setsBelow(int instance, List<HeaderField> fields) throws ArcSyntaxException {
        List<ArcSet> sets = new ArrayList<>();
        for (int i = 1; i < instance; i++) {
            ArcAuthenticationResults results = null;
            ArcMessageSignature signature = null;
            ArcSeal seal = null;
            for (HeaderField field : fields) {
                if (field.hasName(ArcAuthenticationResults.NAME) && ArcAuthenticationResults.parse(field).instance() == i) {
                    results = ArcAuthenticationResults.parse(field);
                } else if (field.hasName(ArcMessageSignature.NAME) && ArcMessageSignature.parse(field).instance() == i) {
                    signature = ArcMessageSignature.parse(field);
                } else if (field.hasName(ArcSeal.NAME) && ArcSeal.parse(field).instance() == i) {
                    seal = ArcSeal.parse(field);
                }
            }
            sets.add(new ArcSet(results, signature, seal));
        }
        return sets;
    }

    private String bodyHash(String body) {
        BodyHasher hasher = new BodyHasher(algorithm, OptionalLong.empty());
        BodyCanonicalizer canonicalizer = BodyCanonicalizer.of(Canonicalization.RELAXED, hasher);
        byte[] bytes = Hop.bytes(body);
        canonicalizer.update(bytes, 0, bytes.length);
        canonicalizer.finish();
        return Base64.getEncoder().encodeToString(hasher.finish().value());
    }

    private String sign(byte[] data) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(algorithm == DkimAlgorithm.RSA_SHA1 ? "SHA1withRSA" : "SHA256withRSA");
        signer.initSign(key);
        signer.update(data);
        return Base64.getEncoder().encodeToString(signer.sign());
    }
}
