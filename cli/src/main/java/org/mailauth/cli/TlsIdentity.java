package org.mailauth.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;

/**
 * The certificate and private key {@code mailauth run} offers STARTTLS with (RFC 3207 for SMTP, RFC 9051 for
 * IMAP): PEM files in {@code tls/}, made at the first start and kept. What it makes is a self-signed RSA-2048
 * certificate for {@code mx.DOMAIN}, {@code DOMAIN} and {@code localhost}, valid 825 days, the key file mode
 * 0600 in a folder only its owner can enter. Replace both files (same names) with a certificate chain and
 * key of your own to use a real one.
 */
final class TlsIdentity {

    static final Duration VALIDITY = Duration.ofDays(825);

    private final Path certificate;
    private final Path privateKey;

    private TlsIdentity(Path certificate, Path privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /**
     * The files for {@code domain} in {@code folder}, made when neither exists.
     *
     * @throws IllegalStateException when only one of the two exists
     */
    static TlsIdentity prepare(Path folder, String domain, Instant now) throws IOException {
        TlsIdentity identity = new TlsIdentity(folder.resolve(domain + ".crt"), folder.resolve(domain + ".key"));
        boolean certificateExists = Files.exists(identity.certificate);
        if (certificateExists != Files.exists(identity.privateKey)) {
            Path missing = certificateExists ? identity.privateKey : identity.certificate;
            throw new IllegalStateException(missing + " is missing: the TLS certificate and its key go together"
                + " (delete the other one to have a new self-signed pair made)");
        }
        if (!certificateExists) {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            SecureRandom random = new SecureRandom();
            KeyPair pair = rsaKeyPair(random);
            KeyFileWriter.write(identity.privateKey, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(identity.certificate, Pem.encode("CERTIFICATE", selfSigned(pair, domain, now, random)));
        }
        return identity;
    }

    Path certificate() {
        return certificate;
    }

    Path privateKey() {
        return privateKey;
    }

    /** The DER of an X.509 v3 certificate (RFC 5280) for a TLS server of the domain, signed by its own key. */
    static byte[] selfSigned(KeyPair pair, String domain, Instant now, SecureRandom random) throws IOException {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "mx." + domain).build();
        AlgorithmIdentifier sha256WithRsa = new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        extensions.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "mx." + domain),
            new GeneralName(GeneralName.dNSName, domain),
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[] {127, 0, 0, 1}))}));

        V3TBSCertificateGenerator generator = new V3TBSCertificateGenerator();
        generator.setSerialNumber(new ASN1Integer(new BigInteger(64, random).add(BigInteger.ONE)));
        generator.setSignature(sha256WithRsa);
        generator.setIssuer(name);
        generator.setSubject(name);
        generator.setStartDate(new Time(Date.from(now.minus(Duration.ofHours(1)))));
        generator.setEndDate(new Time(Date.from(now.plus(VALIDITY))));
        generator.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
        generator.setExtensions(extensions.generate());
        TBSCertificate toBeSigned = generator.generateTBSCertificate();

        ASN1EncodableVector certificate = new ASN1EncodableVector();
        certificate.add(toBeSigned);
        certificate.add(sha256WithRsa);
        certificate.add(new DERBitString(sign(pair, toBeSigned.getEncoded(ASN1Encoding.DER))));
        return new DERSequence(certificate).getEncoded(ASN1Encoding.DER);
    }

    private static KeyPair rsaKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no RSA", e);
        }
    }

    private static byte[] sign(KeyPair pair, byte[] data) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(pair.getPrivate());
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java cannot sign with SHA256withRSA", e);
        }
    }
}
