package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The STARTTLS certificate of {@code mailauth run}: made once, valid X.509 (RFC 5280), its key private. */
class TlsIdentityTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @TempDir
    Path folder;

    private static X509Certificate certificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey privateKey(Path file) throws Exception {
        String pem = Files.readString(file);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    @Test
    void theFirstStartMakesASelfSignedServerCertificateForTheDomain() throws Exception {
        TlsIdentity identity = TlsIdentity.prepare(folder.resolve("tls"), "example.test", NOW);

        X509Certificate certificate = certificate(identity.certificate());
        certificate.verify(certificate.getPublicKey());
        certificate.checkValidity(Date.from(NOW));
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=mx.example.test");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(TlsIdentity.VALIDITY));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        List<String> names = new ArrayList<>();
        certificate.getSubjectAlternativeNames().forEach(name -> names.add(name.get(1).toString()));
        assertThat(names).containsExactly("mx.example.test", "example.test", "localhost", "127.0.0.1");

        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(privateKey(identity.privateKey()));
        signature.update(new byte[] {1, 2, 3});
        byte[] signed = signature.sign();
        signature.initVerify(certificate);
        signature.update(new byte[] {1, 2, 3});
        assertThat(signature.verify(signed)).as("the key is the certificate's").isTrue();
    }

    @Test
    void theKeyIsReadableByItsOwnerOnly() throws Exception {
        TlsIdentity identity = TlsIdentity.prepare(folder.resolve("tls"), "example.test", NOW);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identity.privateKey()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("tls")))).isEqualTo("rwx------");
    }

    @Test
    void laterStartsKeepTheFilesWhateverTheyHold() throws Exception {
        TlsIdentity first = TlsIdentity.prepare(folder.resolve("tls"), "example.test", NOW);
        Files.writeString(first.certificate(), "the admin's own chain");

        TlsIdentity again = TlsIdentity.prepare(folder.resolve("tls"), "example.test", NOW.plusSeconds(60));

        assertThat(Files.readString(again.certificate())).isEqualTo("the admin's own chain");
    }

    @Test
    void aCertificateWithoutItsKeyIsRefusedNotReplaced() throws Exception {
        TlsIdentity first = TlsIdentity.prepare(folder.resolve("tls"), "example.test", NOW);
        Files.delete(first.privateKey());

        assertThatThrownBy(() -> TlsIdentity.prepare(folder.resolve("tls"), "example.test", NOW))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage(first.privateKey() + " is missing: the TLS certificate and its key go together"
                + " (delete the other one to have a new self-signed pair made)");
    }
}
