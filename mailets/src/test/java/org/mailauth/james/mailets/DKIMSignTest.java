package org.mailauth.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.keys.PrivateKeys;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dkim.verify.DkimVerifier;
import org.mailauth.dns.InMemoryDnsResolver;

/** The DKIMSign mailet: RFC 6376 §5 signing of the bytes James sends, keys chosen as OpenDKIM chooses them. */
class DKIMSignTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String MESSAGE = "Received: from submitter by mx.example.com; Sat, 28 Nov 2026 12:00:00 +0000\r\n"
        + "From: Alice <alice@example.com>\r\n"
        + "To: bob@example.org\r\n"
        + "Subject: hello\r\n"
        + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n"
        + "Message-ID: <1@example.com>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=us-ascii\r\n"
        + "\r\n"
        + "Hi Bob.\r\n";

    private static SigningKey rsa;
    private static SigningKey ed25519;

    @TempDir
    Path folder;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = SigningKey.rsa("example.com", "rsa", generator.generateKeyPair().getPrivate());
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        ed25519 = SigningKey.ed25519("example.com", "ed", seed);
    }

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private DkimVerifier verifier() {
        return new DkimVerifier(InMemoryDnsResolver.builder()
            .txt("rsa._domainkey.example.com", rsa.publicKeyRecord())
            .txt("ed._domainkey.example.com", ed25519.publicKeyRecord())
            .txt("ed._domainkey.service.example", ed25519.publicKeyRecord())
            .build(), DkimSettings.builder().clock(clock).build());
    }

    private Path keyFile(String name, SigningKey key, String permissions) throws Exception {
        Path file = folder.resolve(name);
        Files.writeString(file, PrivateKeys.toPem(key));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private DKIMSign mailet(FakeMailetConfig.Builder config) throws MessagingException {
        DKIMSign mailet = new DKIMSign(clock, new Folder(folder));
        mailet.init(config.mailetName("DKIMSign").build());
        return mailet;
    }

    private static FakeMail mail(String message) throws Exception {
        return FakeMail.builder().name("mail1")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))))
            .sender("alice@example.com").recipient("bob@example.org").build();
    }

    private static String sent(FakeMail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    private DkimVerification verify(String sent) throws Exception {
        InputStream in = new ByteArrayInputStream(sent.getBytes(StandardCharsets.US_ASCII));
        return verifier().verify(in).toCompletableFuture().join();
    }

    private static List<String> signatures(String sent) {
        String header = sent.substring(0, sent.indexOf("\r\n\r\n")).replace("\r\n\t", "").replace("\r\n ", " ");
        return header.lines().filter(line -> line.startsWith("DKIM-Signature:")).collect(Collectors.toList());
    }

    @Test
    void theSignatureIsTheFirstFieldAndVerifiesOverTheBytesJamesWrites() throws Exception {
        keyFile("rsa.private", rsa, "rw-------");
        FakeMail mail = mail(MESSAGE);
        mailet(FakeMailetConfig.builder().setProperty("domain", "example.com").setProperty("selector", "rsa")
            .setProperty("privateKeyFile", "rsa.private")).service(mail);

        String sent = sent(mail);
        assertThat(sent).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=rsa;");
        assertThat(sent).endsWith(MESSAGE);
        DkimVerification verification = verify(sent);
        assertThat(verification.signatures()).extracting(DkimSignatureResult::result).containsExactly(DkimResult.PASS);
    }

    /** JAMES-3742: James's later saveChanges() (e.g. RemoteDelivery to a server without 8BITMIME) must not break it. */
    @Test
    void theSignatureSurvivesJamesSavingTheMessageLaterEvenWithAMimeVersionComment() throws Exception {
        keyFile("rsa.private", rsa, "rw-------");
        FakeMail mail = mail(MESSAGE.replace("MIME-Version: 1.0", "MIME-Version: 1.0 (Mac OS X Mail 16.0 \\(3731.500.231\\))"));
        mailet(FakeMailetConfig.builder().setProperty("domain", "example.com").setProperty("selector", "rsa")
            .setProperty("privateKeyFile", "rsa.private")).service(mail);

        mail.getMessage().saveChanges();

        String sent = sent(mail);
        assertThat(sent).contains("MIME-Version: 1.0\r\n").contains("Message-ID: <1@example.com>");
        assertThat(verify(sent).verdict()).isEqualTo(DkimResult.PASS);
    }

    @Test
    void anEd25519KeyGivesAnEd25519Signature() throws Exception {
        keyFile("ed.private", ed25519, "rw-------");
        FakeMail mail = mail(MESSAGE);
        mailet(FakeMailetConfig.builder().setProperty("domain", "example.com").setProperty("selector", "ed")
            .setProperty("privateKeyFile", folder.resolve("ed.private").toString())
            .setProperty("algorithm", "ed25519-sha256")).service(mail);

        DkimVerification verification = verify(sent(mail));
        assertThat(verification.signatures()).extracting(DkimSignatureResult::algorithm).containsExactly("ed25519-sha256");
        assertThat(verification.verdict()).isEqualTo(DkimResult.PASS);
    }

    @Test
    void canonicalizationHeadersAndExpirationAreTakenFromTheParameters() throws Exception {
        keyFile("rsa.private", rsa, "rw-------");
        FakeMail mail = mail(MESSAGE);
        mailet(FakeMailetConfig.builder().setProperty("domain", "example.com").setProperty("selector", "rsa")
            .setProperty("privateKeyFile", "rsa.private").setProperty("canonicalization", "simple/simple")
            .setProperty("headers", "from:to:subject").setProperty("expiration", "7d")).service(mail);

        String signature = signatures(sent(mail)).get(0);
        assertThat(signature).contains("c=simple/simple").contains("h=from:from:to:to:subject:subject;");
        assertThat(signature).contains("t=" + NOW.getEpochSecond() + ";x=" + (NOW.getEpochSecond() + 7 * 86400));
        assertThat(verify(sent(mail)).verdict()).isEqualTo(DkimResult.PASS);
    }

    @Test
    void theTablesChooseTheKeyByTheFromAddressAndMultipleSignaturesAppliesEveryMatch() throws Exception {
        keyFile("rsa.private", rsa, "rw-------");
        keyFile("ed.private", ed25519, "rw-------");
        Files.writeString(folder.resolve("KeyTable"), "rsa example.com:rsa:rsa.private\n"
            + "ed example.com:ed:ed.private\n"
            + "service service.example:ed:ed.private\n");
        Files.writeString(folder.resolve("SigningTable"), "*@example.com rsa\n*@example.com ed\n*@example.com service\n");
        FakeMail mail = mail(MESSAGE);
        mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable").setProperty("signingTable", "SigningTable")
            .setProperty("multipleSignatures", "true")).service(mail);

        DkimVerification verification = verify(sent(mail));
        assertThat(verification.signatures()).extracting(result -> result.domain() + "/" + result.selector() + "=" + result.result().name().toLowerCase(java.util.Locale.ROOT))
            .containsExactly("example.com/rsa=pass", "example.com/ed=pass", "service.example/ed=pass");
    }

    @Test
    void withoutMultipleSignaturesTheFirstMatchingEntryAloneSigns() throws Exception {
        keyFile("rsa.private", rsa, "rw-------");
        keyFile("ed.private", ed25519, "rw-------");
        Files.writeString(folder.resolve("KeyTable"), "rsa example.com:rsa:rsa.private\ned example.com:ed:ed.private\n");
        Files.writeString(folder.resolve("SigningTable"), "*@example.com rsa\n*@example.com ed\n");
        FakeMail mail = mail(MESSAGE);
        mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable").setProperty("signingTable", "SigningTable"))
            .service(mail);

        assertThat(signatures(sent(mail))).hasSize(1).allMatch(field -> field.contains("s=rsa;"));
    }

    @Test
    void mailFromADomainNoEntryMatchesGoesOutUnsignedAndUnchanged() throws Exception {
        keyFile("rsa.private", rsa, "rw-------");
        Files.writeString(folder.resolve("KeyTable"), "rsa example.com:rsa:rsa.private\n");
        Files.writeString(folder.resolve("SigningTable"), "*@example.com rsa\n");
        String other = MESSAGE.replace("alice@example.com", "mallory@elsewhere.example");
        FakeMail mail = mail(other);
        mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable").setProperty("signingTable", "SigningTable"))
            .service(mail);

        assertThat(sent(mail)).isEqualTo(other);
    }

    @Test
    void aMessageWithoutFromIsNotSigned() throws Exception {
        keyFile("rsa.private", rsa, "rw-------");
        String noFrom = MESSAGE.replace("From: Alice <alice@example.com>\r\n", "");
        FakeMail mail = mail(noFrom);
        mailet(FakeMailetConfig.builder().setProperty("domain", "example.com").setProperty("selector", "rsa")
            .setProperty("privateKeyFile", "rsa.private")).service(mail);

        assertThat(signatures(sent(mail))).isEmpty();
    }

    @Test
    void aKeyFileOthersCanReadStopsTheMailetAtStartUp() throws Exception {
        keyFile("rsa.private", rsa, "rw-r--r--");

        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().setProperty("domain", "example.com")
            .setProperty("selector", "rsa").setProperty("privateKeyFile", "rsa.private")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("rsa.private").hasMessageContaining("chmod 600");
    }

    @Test
    void aGroupReadableKeyIsAcceptedWhenExplicitlyAllowed() throws Exception {
        keyFile("rsa.private", rsa, "rw-r-----");
        FakeMail mail = mail(MESSAGE);
        mailet(FakeMailetConfig.builder().setProperty("domain", "example.com").setProperty("selector", "rsa")
            .setProperty("privateKeyFile", "rsa.private").setProperty("allowGroupReadableKeys", "true")).service(mail);

        assertThat(verify(sent(mail)).verdict()).isEqualTo(DkimResult.PASS);
    }

    @Test
    void aMissingKeyFileStopsTheMailetAtStartUpNamingIt() {
        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().setProperty("domain", "example.com")
            .setProperty("selector", "rsa").setProperty("privateKeyFile", "missing.private")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("missing.private");
    }

    @Test
    void aSigningTableNamingAnUnknownKeyStopsTheMailetAtStartUp() throws Exception {
        Files.writeString(folder.resolve("KeyTable"), "");
        Files.writeString(folder.resolve("SigningTable"), "*@example.com nokey\n");

        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable")
            .setProperty("signingTable", "SigningTable")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("nokey");
    }

    @Test
    void rsaSha1AndUnknownParametersAreRefused() {
        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().setProperty("domain", "example.com")
            .setProperty("selector", "rsa").setProperty("privateKeyFile", "rsa.private").setProperty("algorithm", "rsa-sha1")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("rsa-sha1");
        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().setProperty("domain", "example.com")
            .setProperty("selector", "rsa").setProperty("privateKeyFile", "rsa.private").setProperty("privateKey", "x")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("privateKey");
    }

    @Test
    void tablesAndASingleKeyCannotBeMixed() throws Exception {
        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable")
            .setProperty("signingTable", "SigningTable").setProperty("domain", "example.com")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("domain");
        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("signingTable");
    }

    @Test
    void aKeyRemovedWhileRunningSendsTheMailUnsignedByDefault() throws Exception {
        Path key = keyFile("rsa.private", rsa, "rw-------");
        DKIMSign mailet = mailet(FakeMailetConfig.builder().setProperty("domain", "example.com").setProperty("selector", "rsa")
            .setProperty("privateKeyFile", "rsa.private"));
        Files.delete(key);
        FakeMail mail = mail(MESSAGE);

        mailet.service(mail);

        assertThat(sent(mail)).isEqualTo(MESSAGE);
    }

    @Test
    void aKeyRemovedWhileRunningFailsTheMailWhenOnErrorIsError() throws Exception {
        Path key = keyFile("rsa.private", rsa, "rw-------");
        DKIMSign mailet = mailet(FakeMailetConfig.builder().setProperty("domain", "example.com").setProperty("selector", "rsa")
            .setProperty("privateKeyFile", "rsa.private").setProperty("onError", "error"));
        Files.delete(key);

        assertThatThrownBy(() -> mailet.service(mail(MESSAGE))).isInstanceOf(MessagingException.class)
            .hasMessageContaining("alice@example.com");
    }

    /** An RSA and an Ed25519 key both signing mail of example.com; returns the Ed25519 key file. */
    private Path rsaAndEd25519Tables() throws Exception {
        keyFile("rsa.private", rsa, "rw-------");
        Path ed = keyFile("ed.private", ed25519, "rw-------");
        Files.writeString(folder.resolve("KeyTable"), "rsa example.com:rsa:rsa.private\ned example.com:ed:ed.private\n");
        Files.writeString(folder.resolve("SigningTable"), "*@example.com rsa\n*@example.com ed\n");
        return ed;
    }

    @Test
    void aKeyMadeReadableByOthersWhileRunningIsNotUsedAndTheOtherKeysStillSign() throws Exception {
        Path ed = rsaAndEd25519Tables();
        DKIMSign mailet = mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable")
            .setProperty("signingTable", "SigningTable").setProperty("multipleSignatures", "true"));
        Files.setPosixFilePermissions(ed, PosixFilePermissions.fromString("rw-r--r--"));
        FakeMail mail = mail(MESSAGE);

        mailet.service(mail);

        assertThat(verify(sent(mail)).signatures()).extracting(DkimSignatureResult::selector, DkimSignatureResult::result)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("rsa", DkimResult.PASS));
    }

    @Test
    void withOnErrorErrorOneUnusableKeyFailsTheMailNamingThatKey() throws Exception {
        Path ed = rsaAndEd25519Tables();
        DKIMSign mailet = mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable")
            .setProperty("signingTable", "SigningTable").setProperty("multipleSignatures", "true").setProperty("onError", "error"));
        Files.delete(ed);

        assertThatThrownBy(() -> mailet.service(mail(MESSAGE))).isInstanceOf(MessagingException.class)
            .hasMessageContaining("key 'ed'").hasMessageContaining("ed.private").hasMessageContaining("does not exist");
    }

    @Test
    void aReplacedKeyFileIsUsedWithoutRestart() throws Exception {
        keyFile("key.private", rsa, "rw-------");
        DKIMSign mailet = mailet(FakeMailetConfig.builder().setProperty("domain", "example.com").setProperty("selector", "ed")
            .setProperty("privateKeyFile", "key.private"));
        Path replacement = keyFile("new.private", ed25519, "rw-------");
        Files.move(replacement, folder.resolve("key.private"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        FakeMail mail = mail(MESSAGE);

        mailet.service(mail);

        assertThat(verify(sent(mail)).signatures()).extracting(DkimSignatureResult::algorithm, DkimSignatureResult::result)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("ed25519-sha256", DkimResult.PASS));
    }

    @Test
    void aSigningTableEditedWhileRunningChoosesTheKeysOfTheNextMail() throws Exception {
        keyFile("rsa.private", rsa, "rw-------");
        keyFile("ed.private", ed25519, "rw-------");
        Files.writeString(folder.resolve("KeyTable"), "rsa example.com:rsa:rsa.private\ned example.com:ed:ed.private\n");
        Files.writeString(folder.resolve("SigningTable"), "*@example.com rsa\n");
        DKIMSign mailet = mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable").setProperty("signingTable", "SigningTable"));
        FakeMail before = mail(MESSAGE);
        mailet.service(before);

        Files.writeString(folder.resolve("SigningTable"), "*@example.com ed\n");
        Files.setLastModifiedTime(folder.resolve("SigningTable"), java.nio.file.attribute.FileTime.from(NOW.plusSeconds(60)));
        FakeMail after = mail(MESSAGE);
        mailet.service(after);

        assertThat(verify(sent(before)).signatures()).extracting(DkimSignatureResult::selector).containsExactly("rsa");
        assertThat(verify(sent(after)).signatures()).extracting(DkimSignatureResult::selector, DkimSignatureResult::result)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("ed", DkimResult.PASS));
    }

    @Test
    void aKeyAddedToBothTablesWhileRunningSignsTheNextMail() throws Exception {
        keyFile("rsa.private", rsa, "rw-------");
        Files.writeString(folder.resolve("KeyTable"), "rsa example.com:rsa:rsa.private\n");
        Files.writeString(folder.resolve("SigningTable"), "*@example.com rsa\n");
        DKIMSign mailet = mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable").setProperty("signingTable", "SigningTable")
            .setProperty("multipleSignatures", "true"));

        keyFile("ed.private", ed25519, "rw-------");
        Files.writeString(folder.resolve("KeyTable"), "rsa example.com:rsa:rsa.private\ned example.com:ed:ed.private\n");
        Files.writeString(folder.resolve("SigningTable"), "*@example.com rsa\n*@example.com ed\n");
        FakeMail mail = mail(MESSAGE);
        mailet.service(mail);

        assertThat(verify(sent(mail)).signatures()).extracting(DkimSignatureResult::selector, DkimSignatureResult::result)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("rsa", DkimResult.PASS), org.assertj.core.groups.Tuple.tuple("ed", DkimResult.PASS));
    }

    @Test
    void aSigningTableBrokenWhileRunningLeavesThePreviousOneInUse() throws Exception {
        keyFile("rsa.private", rsa, "rw-------");
        Files.writeString(folder.resolve("KeyTable"), "rsa example.com:rsa:rsa.private\n");
        Files.writeString(folder.resolve("SigningTable"), "*@example.com rsa\n");
        DKIMSign mailet = mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable").setProperty("signingTable", "SigningTable")
            .setProperty("onError", "error"));

        Files.writeString(folder.resolve("SigningTable"), "*@example.com rsa but not this\n");
        FakeMail mail = mail(MESSAGE);
        mailet.service(mail);

        assertThat(verify(sent(mail)).signatures()).extracting(DkimSignatureResult::selector, DkimSignatureResult::result)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("rsa", DkimResult.PASS));
    }

    /** James's file system, rooted at the test's folder. */
    private static final class Folder implements FileSystem {
        private final Path root;

        Folder(Path root) {
            this.root = root;
        }

        @Override
        public InputStream getResource(String url) {
            throw new UnsupportedOperationException();
        }

        @Override
        public File getFile(String fileURL) {
            throw new UnsupportedOperationException();
        }

        @Override
        public File getBasedir() {
            return root.toFile();
        }
    }
}
