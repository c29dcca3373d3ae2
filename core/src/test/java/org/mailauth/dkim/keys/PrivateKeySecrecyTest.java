package org.mailauth.dkim.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.dkim.TestKeys;
import org.mailauth.testkit.fuzz.Mutator;

/**
 * A private key never appears in what the pack says about it (RFC 6376 §8.1 relies on the key staying secret): error
 * messages, which James logs, name the file and the reason but quote no part of the key, however the file is broken;
 * a key's text form is its domain, selector, algorithm and size.
 */
class PrivateKeySecrecyTest {

    /** A run this long of the key's base64 text in a message would be a leak; shorter runs occur by chance. */
    private static final int LEAK = 12;

    @TempDir
    Path folder;

    private static List<String> secrets(String pem) {
        List<String> secrets = new ArrayList<>();
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        for (int i = 0; i + LEAK <= body.length(); i += LEAK / 2) {
            secrets.add(body.substring(i, i + LEAK));
        }
        return secrets;
    }

    private static void assertNoSecretIn(String message, List<String> secrets, String input) {
        for (String secret : secrets) {
            if (message != null && message.contains(secret)) {
                fail("the message quotes the key (" + secret + "): " + message + "\ninput: " + input);
            }
        }
    }

    @Test
    void noErrorAboutABrokenKeyQuotesTheKey() {
        String rsa = PrivateKeys.toPem(TestKeys.rsa2048("s"));
        String ed25519 = PrivateKeys.toPem(TestKeys.ed25519("s"));
        String seed = Base64.getEncoder().encodeToString(TestKeys.ED25519_SEED);
        List<String> secrets = new ArrayList<>(secrets(rsa));
        secrets.addAll(secrets(ed25519));
        secrets.addAll(secrets(seed));
        Mutator mutator = new Mutator(Mutator.seed(8301), List.of(rsa, ed25519, seed));

        long tried = mutator.run(Mutator.budget(), Mutator.limit(20_000), input -> {
            try {
                PrivateKeys.parse(input, "example.org", "s");
            } catch (IllegalArgumentException e) {
                assertNoSecretIn(e.getMessage(), secrets, input);
            }
        });

        System.out.println("fuzz PrivateKeys.parse: " + tried + " inputs");
        assertThat(tried).isPositive();
    }

    @Test
    void aBrokenKeyFileIsNamedWithoutItsContent() throws Exception {
        String pem = PrivateKeys.toPem(TestKeys.rsa2048("s"));
        Path file = folder.resolve("broken.private");
        Files.writeString(file, pem.substring(0, pem.length() / 2) + pem.substring(pem.length() / 2 + 40));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        try {
            new KeyFiles(false).load(file, "example.org", "s");
            fail("a broken key was read");
        } catch (Exception e) {
            assertThat(e.getMessage()).contains("broken.private");
            assertNoSecretIn(e.getMessage(), secrets(pem), "broken.private");
        }
    }

    @Test
    void aKeysTextFormIsItsNameAlgorithmAndSize() {
        SigningKey key = TestKeys.rsa2048("s");

        assertThat(key.toString()).isEqualTo("d=example.org s=s a=rsa-sha256 (2048 bits)");
        assertNoSecretIn(key.toString(), secrets(PrivateKeys.toPem(key)), "toString");
    }
}
