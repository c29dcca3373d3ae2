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
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.arc.ArcSealer;
import org.mailauth.arc.ArcVerification;
import org.mailauth.arc.ArcVerifier;
import org.mailauth.arc.ChainValidationStatus;
import org.mailauth.arc.SealingSettings;
import org.mailauth.dkim.keys.PrivateKeys;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.inbound.AuthenticationSettings;
import org.mailauth.inbound.MessageAuthenticator;
import org.mailauth.james.verdicts.InboundPolicy;
import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.results.AuthservId;

/**
 * The ARCSeal mailet: mail received and sent on gets an ARC Set of this gateway (RFC 8617 §5.1) that the next hop
 * validates; mail James originates, and notices James writes about received mail, are not sealed; a key that cannot be
 * used never costs a mail.
 */
class ARCSealTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String ORIGINAL = "From: Shop <orders@shop.example>\r\n"
        + "To: forwarded@gateway.example\r\n"
        + "Subject: Your order\r\n"
        + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n"
        + "Message-ID: <1@shop.example>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=us-ascii\r\n"
        + "\r\n"
        + "Thank you for your order.\r\n";

    private static SigningKey shop;
    private static SigningKey rsa;
    private static SigningKey ed25519;
    private static SigningKey list;

    @TempDir
    Path folder;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        shop = SigningKey.rsa("shop.example", "k1", generator.generateKeyPair().getPrivate());
        rsa = SigningKey.rsa("gateway.example", "arc-rsa", generator.generateKeyPair().getPrivate());
        list = SigningKey.rsa("lists.example", "arc", generator.generateKeyPair().getPrivate());
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        ed25519 = SigningKey.ed25519("gateway.example", "arc-ed", seed);
    }

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("shop.example", "v=spf1 ip4:192.0.2.0/24 -all")
        .txt("_dmarc.shop.example", "v=DMARC1; p=reject")
        .txt("k1._domainkey.shop.example", publicKey(shop))
        .txt("arc._domainkey.lists.example", publicKey(list))
        .txt("arc-rsa._domainkey.gateway.example", publicKey(rsa))
        .txt("arc-ed._domainkey.gateway.example", publicKey(ed25519))
        .build();

    private static String publicKey(SigningKey key) {
        return key.publicKeyRecord();
    }

    private final Verdicts verdicts = new Verdicts(new MessageAuthenticator(dns, AuthenticationSettings.builder().build()),
        InboundPolicy.defaults());

    private Path keyFile(String name, SigningKey key, String permissions) throws Exception {
        Path file = folder.resolve(name);
        Files.writeString(file, PrivateKeys.toPem(key));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    /** The gateway's KeyTable: an Ed25519 line first, then an RSA one, and a line of another domain. */
    private FakeMailetConfig.Builder withKeyTable() throws Exception {
        keyFile("ed.private", ed25519, "rw-------");
        keyFile("rsa.private", rsa, "rw-------");
        Files.writeString(folder.resolve("KeyTable"), "ed gateway.example:arc-ed:ed.private\n"
            + "rsa gateway.example:arc-rsa:rsa.private\nother other.example:arc-rsa:rsa.private\n");
        return FakeMailetConfig.builder().setProperty("keyTable", "KeyTable").setProperty("domain", "gateway.example");
    }

    private ARCSeal mailet(FakeMailetConfig.Builder config) throws MessagingException {
        ARCSeal mailet = new ARCSeal(clock, new Folder(folder), AuthservId.of("mx.gateway.example"), verdicts);
        mailet.init(config.mailetName("ARCSeal").build());
        return mailet;
    }

    private static String signed(String message) throws Exception {
        return new DkimSigner(shop, SigningSettings.defaults()).sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)))
            + "\r\n" + message;
    }

    private static MimeMessage mime(String message) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Received from {@code ip}, as James records an SMTP client that did not authenticate. */
    private static FakeMail received(String ip, String mailFrom, String message) throws Exception {
        return FakeMail.builder().name("forward").mimeMessage(mime(message)).sender(mailFrom).recipient("friend@remote.example")
            .remoteAddr(ip).attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("mail.sender.example"))).build();
    }

    private static String sent(Mail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String unfolded(String message) {
        return message.substring(0, message.indexOf("\r\n\r\n")).replaceAll("\r\n[ \t]+", " ");
    }

    private ArcVerification validate(String message) throws Exception {
        return new ArcVerifier(dns, DkimSettings.builder().clock(clock).build())
            .verify(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1))).toCompletableFuture().join();
    }

    @Test
    void aForwardedMailGetsAFirstArcSetOnTopWithWhatTheGatewayFoundAndItValidates() throws Exception {
        String original = signed(ORIGINAL);
        FakeMail mail = received("192.0.2.1", "orders@shop.example", original);

        mailet(withKeyTable()).service(mail);

        String sent = sent(mail);
        assertThat(sent).startsWith("ARC-Seal: a=rsa-sha256;").endsWith(original);
        String header = unfolded(sent);
        assertThat(header).contains("cv=none; d=gateway.example; i=1; s=arc-rsa; t=" + NOW.getEpochSecond())
            .contains("ARC-Authentication-Results: i=1; mx.gateway.example; spf=pass smtp.mailfrom=orders@shop.example")
            .contains("dkim=pass header.d=shop.example").contains("arc=none").contains("dmarc=pass");
        assertThat(sent.indexOf("ARC-Message-Signature:")).isLessThan(sent.indexOf("ARC-Authentication-Results:"));
        assertThat(sent.substring(sent.indexOf("ARC-Message-Signature:"), sent.indexOf("ARC-Authentication-Results:")))
            .as("dkimpy finds the AMS of an instance by ' i=N;', folded or not").contains(" i=1;");
        ArcVerification validation = validate(sent);
        assertThat(validation.status()).isEqualTo(ChainValidationStatus.PASS);
        assertThat(validation.instances()).isEqualTo(1);
    }

    @Test
    void aChainThatArrivedPassingIsExtendedWithCvPass() throws Exception {
        String changedByTheList = signed(ORIGINAL).replace("Subject: Your order", "Subject: [shoppers] Your order") + "-- \r\nshoppers\r\n";
        String sealedByTheList = String.join("\r\n", new ArcSealer(list, SealingSettings.defaults().withClock(clock))
            .seal(new ByteArrayInputStream(changedByTheList.getBytes(StandardCharsets.US_ASCII)), ChainValidationStatus.NONE,
                "lists.example; dkim=pass header.d=shop.example; dmarc=pass header.from=shop.example").fields())
            + "\r\n" + changedByTheList;
        FakeMail mail = received("198.51.100.7", "bounces@lists.example", sealedByTheList);

        mailet(withKeyTable()).service(mail);

        String sent = sent(mail);
        assertThat(unfolded(sent)).contains("cv=pass; d=gateway.example; i=2;")
            .contains("ARC-Authentication-Results: i=2; mx.gateway.example;").contains("arc=pass smtp.remote-ip=198.51.100.7");
        ArcVerification validation = validate(sent);
        assertThat(validation.status()).isEqualTo(ChainValidationStatus.PASS);
        assertThat(validation.instances()).isEqualTo(2);
    }

    @Test
    void anRsaKeyOfTheDomainSealsRatherThanAnEd25519OneListedBeforeIt() throws Exception {
        FakeMail mail = received("192.0.2.1", "orders@shop.example", ORIGINAL);

        mailet(withKeyTable()).service(mail);

        assertThat(unfolded(sent(mail))).contains("s=arc-rsa;").doesNotContain("ed25519");
    }

    @Test
    void anEd25519KeySealsWhenItIsTheDomainsOnlyKey() throws Exception {
        keyFile("ed.private", ed25519, "rw-------");
        FakeMail mail = received("192.0.2.1", "orders@shop.example", ORIGINAL);

        mailet(FakeMailetConfig.builder().setProperty("privateKeyFile", "ed.private").setProperty("selector", "arc-ed")
            .setProperty("domain", "gateway.example")).service(mail);

        String sent = sent(mail);
        assertThat(sent).startsWith("ARC-Seal: a=ed25519-sha256;");
        assertThat(validate(sent).status()).isEqualTo(ChainValidationStatus.PASS);
    }

    @Test
    void theSealingDomainIsThePostmastersUnlessGiven() throws Exception {
        withKeyTable();
        FakeMail mail = received("192.0.2.1", "orders@shop.example", ORIGINAL);

        mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable")
            .mailetContext(FakeMailContext.builder().postmaster(new MailAddress("postmaster@gateway.example")))).service(mail);

        assertThat(unfolded(sent(mail))).contains("d=gateway.example; i=1; s=arc-rsa;");
    }

    /** James configures the postmaster after the mailets' init: the domain is taken at the first mail. */
    @Test
    void withoutADomainAKeyThatCannotBeUsedDoesNotStopJamesAndTheMailGoesOnUnsealed() throws Exception {
        keyFile("rsa.private", rsa, "rw-r--r--");
        Files.writeString(folder.resolve("KeyTable"), "rsa gateway.example:arc-rsa:rsa.private\n");
        ARCSeal mailet = mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable")
            .mailetContext(FakeMailContext.builder().postmaster(new MailAddress("postmaster@gateway.example"))));
        FakeMail mail = received("192.0.2.1", "orders@shop.example", ORIGINAL);

        mailet.service(mail);

        assertThat(sent(mail)).isEqualTo(ORIGINAL);
    }

    @Test
    void aKeyTableThatCannotBeReadStopsJamesAtStartUpEvenWithoutADomain() throws Exception {
        Files.writeString(folder.resolve("KeyTable"), "rsa gateway.example-without-selector\n");

        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("KeyTable").hasMessageContaining("line 1");
    }

    @Test
    void anAuthenticatedSubmissionIsNotSealed() throws Exception {
        FakeMail mail = received("192.0.2.1", "orders@shop.example", ORIGINAL);
        mail.setAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("orders@shop.example")));

        mailet(withKeyTable()).service(mail);

        assertThat(sent(mail)).isEqualTo(ORIGINAL);
    }

    /** Bounce and DSNBounce copy the received mail's attributes onto the notice they write. */
    @Test
    void aNoticeJamesWritesAboutAReceivedMailIsNotSealed() throws Exception {
        FakeMail mail = received("192.0.2.1", "orders@shop.example", ORIGINAL);
        assertThat(verdicts.of(mail)).isPresent();
        String notice = "From: Mail Delivery <postmaster@gateway.example>\r\nTo: orders@shop.example\r\nSubject: Undeliverable\r\n\r\nSorry.\r\n";
        mail.setMessage(mime(notice));
        mail.setAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE);

        mailet(withKeyTable()).service(mail);

        assertThat(sent(mail)).isEqualTo(notice);
    }

    @Test
    void theSealSurvivesJamesSavingTheMessageLaterEvenWithAMimeVersionComment() throws Exception {
        String original = ORIGINAL.replace("MIME-Version: 1.0", "MIME-Version: 1.0 (Mac OS X Mail 16.0 \\(3731.500.231\\))");
        FakeMail mail = received("192.0.2.1", "orders@shop.example", original);

        mailet(withKeyTable()).service(mail);
        mail.getMessage().saveChanges();

        assertThat(validate(sent(mail)).status()).isEqualTo(ChainValidationStatus.PASS);
    }

    @Test
    void withoutAKeyOfTheDomainTheMailGoesOnUnsealed() throws Exception {
        withKeyTable();
        FakeMail mail = received("192.0.2.1", "orders@shop.example", ORIGINAL);

        mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable").setProperty("domain", "elsewhere.example")).service(mail);

        assertThat(sent(mail)).isEqualTo(ORIGINAL);
    }

    @Test
    void aKeyRemovedWhileRunningLetsTheOtherKeySealAndWhenNoneIsLeftTheMailGoesOnUnsealed() throws Exception {
        ARCSeal mailet = mailet(withKeyTable());
        Files.delete(folder.resolve("rsa.private"));
        FakeMail first = received("192.0.2.1", "orders@shop.example", ORIGINAL);
        mailet.service(first);
        Files.delete(folder.resolve("ed.private"));
        FakeMail second = received("192.0.2.1", "orders@shop.example", ORIGINAL);
        mailet.service(second);

        assertThat(sent(first)).startsWith("ARC-Seal: a=ed25519-sha256;");
        assertThat(sent(second)).isEqualTo(ORIGINAL);
    }

    @Test
    void withOnErrorErrorAKeyThatCannotBeUsedFailsTheMailNamingIt() throws Exception {
        ARCSeal mailet = mailet(withKeyTable().setProperty("onError", "error"));
        Files.delete(folder.resolve("rsa.private"));

        assertThatThrownBy(() -> mailet.service(received("192.0.2.1", "orders@shop.example", ORIGINAL)))
            .isInstanceOf(MessagingException.class).hasMessageContaining("key 'rsa'").hasMessageContaining("does not exist");
    }

    @Test
    void anUnreadableMessageGoesOnAsItIs() throws Exception {
        FakeMail mail = received("192.0.2.1", "orders@shop.example", ORIGINAL);
        ARCSeal mailet = mailet(withKeyTable());
        assertThat(verdicts.of(mail)).isPresent();
        MimeMessage broken = new MimeMessage(mime(ORIGINAL)) {
            @Override
            public void writeTo(java.io.OutputStream out) throws MessagingException {
                throw new MessagingException("the spool file is gone");
            }
        };
        mail.setMessage(broken);

        mailet.service(mail);

        assertThat(mail.getMessage()).isSameAs(broken);
    }

    @Test
    void aKeyOthersCanReadStopsJamesAtStartUp() throws Exception {
        withKeyTable();
        Files.setPosixFilePermissions(folder.resolve("rsa.private"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().setProperty("keyTable", "KeyTable").setProperty("domain", "gateway.example")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("rsa.private").hasMessageContaining("chmod 600");
    }

    @Test
    void unknownParametersAndConflictingKeysStopJamesAtStartUpNamingThem() throws Exception {
        withKeyTable();
        assertThatThrownBy(() -> mailet(withKeyTable().setProperty("signingTable", "SigningTable")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("unknown parameter(s) [signingTable]");
        assertThatThrownBy(() -> mailet(withKeyTable().setProperty("privateKeyFile", "rsa.private")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().setProperty("privateKeyFile", "rsa.private")
            .setProperty("domain", "gateway.example")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("invalid parameter selector");
        assertThatThrownBy(() -> mailet(withKeyTable().setProperty("headers", "to:subject")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("invalid parameter headers").hasMessageContaining("From");
        assertThatThrownBy(() -> mailet(withKeyTable().setProperty("onError", "bounce")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("unsealed or error");
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
