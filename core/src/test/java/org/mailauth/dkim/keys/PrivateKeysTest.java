package org.mailauth.dkim.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.Rfc8463ExampleTest;
import org.mailauth.dkim.TestKeys;

/** The key forms admins have: PKCS#1 and PKCS#8 PEM, a bare Ed25519 seed. */
class PrivateKeysTest {

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void opendkimGenkeyPkcs1RsaKeysAreRead() throws Exception {
        SigningKey key = PrivateKeys.read(TestKeys.rsa2048Pem(), "example.org", "s");

        assertThat(key.algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
        assertThat(key.bits()).isEqualTo(2048);
        assertThat(key.publicKeyRecord()).isEqualTo(TestKeys.rsa2048("s").publicKeyRecord());
    }

    @Test
    void theRfc8463ExampleKeysAreRead() throws Exception {
        Path folder = Path.of(getClass().getResource("/dkim/rfc8463/rsa-test.private.pem").toURI()).getParent();

        SigningKey rsa = PrivateKeys.read(folder.resolve("rsa-test.private.pem"), "football.example.com", "test");
        SigningKey ed25519 = PrivateKeys.read(folder.resolve("ed25519-brisbane.private.b64"), "football.example.com", "brisbane");

        assertThat(rsa.publicKeyRecord()).isEqualTo(Rfc8463ExampleTest.RSA_KEY);
        assertThat(ed25519.publicKeyRecord()).isEqualTo(Rfc8463ExampleTest.ED25519_KEY);
    }

    @Test
    void pkcs8RsaKeysAreRead() {
        SigningKey key = PrivateKeys.parse(pem("PRIVATE KEY", TestKeys.RSA_2048.getPrivate().getEncoded()), "example.org", "s");

        assertThat(key.bits()).isEqualTo(2048);
    }

    @Test
    void whatIsWrittenIsReadBackForBothAlgorithms() {
        for (SigningKey key : new SigningKey[] {TestKeys.rsa2048("s"), TestKeys.ed25519("s")}) {
            String pem = PrivateKeys.toPem(key);
            assertThat(PrivateKeys.parse(pem, "example.org", "s").publicKeyRecord()).isEqualTo(key.publicKeyRecord());
        }
        assertThat(PrivateKeys.toPem(TestKeys.rsa2048("s"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(PrivateKeys.toPem(TestKeys.ed25519("s"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void anEndLineSharingTheBeginLinesDashesIsAMissingEndLine() {
        assertThatThrownBy(() -> PrivateKeys.parse("-----BEGIN PRIVATE KEY-----END PRIVATE KEY-----", "example.org", "s"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without its END line");
    }

    @Test
    void encryptedAndUnknownKeysAreRefusedWithTheReason() {
        assertThatThrownBy(() -> PrivateKeys.parse("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
            "example.org", "s")).hasMessageContaining("decrypt");
        assertThatThrownBy(() -> PrivateKeys.parse("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nAAAA\n"
            + "-----END RSA PRIVATE KEY-----", "example.org", "s")).hasMessageContaining("encrypted");
        assertThatThrownBy(() -> PrivateKeys.parse("hello world", "example.org", "s")).hasMessageContaining("not a PEM key");
        assertThatThrownBy(() -> PrivateKeys.parse("AAAA", "example.org", "s")).hasMessageContaining("32-octet");
    }

    @Test
    void rsaKeysUnder1024BitsCannotSign() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(512);
        byte[] der = generator.generateKeyPair().getPrivate().getEncoded();

        assertThatThrownBy(() -> PrivateKeys.parse(pem("PRIVATE KEY", der), "example.org", "s"))
            .hasMessageContaining("too short to sign (RFC 8301");
        assertThat(KeyFactory.getInstance("RSA")).isNotNull();
    }

    @Test
    void aFileThatIsNotAKeyNamesTheFile() throws Exception {
        Path file = Files.createTempFile("notakey", ".pem");
        Files.writeString(file, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> PrivateKeys.read(file, "example.org", "s")).hasMessageContaining(file.toString())
            .hasMessageContaining("not a PKCS#1 RSA private key");
    }

    @Test
    void aBinaryFileIsNamedAsNoKeyFile() throws Exception {
        Path file = Files.createTempFile("binary", ".private");
        Files.write(file, new byte[] {0x30, (byte) 0x82, 0x04, (byte) 0xa4, 0x02, 0x01, 0x00, (byte) 0xff});

        assertThatThrownBy(() -> PrivateKeys.read(file, "example.org", "s"))
            .hasMessage(file + ": not a key file: a PEM key or a base64 Ed25519 seed is ASCII text, this file is not");
    }
}
