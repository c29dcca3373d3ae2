package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WebAdmin credential of {@code mailauth run}: an RS256 JWT (RFC 7519, RFC 7518 §3.3) James 3.8.1 accepts. */
class WebAdminTokenTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @TempDir
    Path folder;

    private static PublicKey publicKey(Path pem) throws Exception {
        String text = Files.readString(pem);
        assertThat(text).startsWith("-----BEGIN PUBLIC KEY-----\n");
        byte[] der = Base64.getDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    }

    private static String part(String token, int index) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8);
    }

    private static boolean verifies(String token, PublicKey key) throws Exception {
        int end = token.lastIndexOf('.');
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(key);
        signature.update(token.substring(0, end).getBytes(StandardCharsets.US_ASCII));
        return signature.verify(Base64.getUrlDecoder().decode(token.substring(end + 1)));
    }

    @Test
    void anAdminTokenSignedWithTheKeyJamesIsGiven() throws Exception {
        WebAdminToken issued = WebAdminToken.issue(folder.resolve("jwt.pub"), folder.resolve("webadmin.token"), NOW);

        String token = Files.readString(issued.file()).trim();
        assertThat(issued.authorization()).isEqualTo("Bearer " + token);
        assertThat(part(token, 0)).isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        assertThat(part(token, 1)).isEqualTo("{\"sub\":\"mailauth-run\",\"admin\":true,\"iat\":" + NOW.getEpochSecond() + "}");
        assertThat(verifies(token, publicKey(folder.resolve("jwt.pub")))).isTrue();
    }

    @Test
    void theTokenFileIsReadableByItsOwnerOnly() throws Exception {
        WebAdminToken issued = WebAdminToken.issue(folder.resolve("jwt.pub"), folder.resolve("webadmin.token"), NOW);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(issued.file()))).isEqualTo("rw-------");
    }

    @Test
    void everyStartMakesANewKeySoEarlierTokensStopWorking() throws Exception {
        WebAdminToken first = WebAdminToken.issue(folder.resolve("jwt.pub"), folder.resolve("webadmin.token"), NOW);
        String firstToken = first.authorization().substring("Bearer ".length());

        WebAdminToken.issue(folder.resolve("jwt.pub"), folder.resolve("webadmin.token"), NOW);

        assertThat(verifies(firstToken, publicKey(folder.resolve("jwt.pub")))).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("webadmin.token")))).isEqualTo("rw-------");
    }
}
