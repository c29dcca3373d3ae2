package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailauth.it.SigningKeys.ALICE;
import static org.mailauth.it.SigningKeys.submitAndCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outbound DKIM signing (RFC 6376 §5, RFC 8463) in a real James with the sample configuration: an
 * authenticated submission leaves through RemoteDelivery with an RSA and an Ed25519 signature on top, made
 * by the pack's DKIMSign from the tables in conf/dkim, and the bytes the remote server receives verify with
 * dkimpy and with the pack's own verifier (the captured message is sent back in through James's inbound flow).
 */
class DkimSigningIT {

    private static SigningKeys keys;
    private static JamesHarness james;

    @BeforeAll
    static void startJames() throws Exception {
        keys = new SigningKeys();
        james = keys.harness().start();
        james.addUser(ALICE, "alicepw");
        james.addUser("bob@" + JamesHarness.DOMAIN, "bobpw");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    @Test
    void anAuthenticatedSubmissionLeavesWithBothSignaturesOnTopAndDkimpyVerifiesThem() throws Exception {
        String sent = submitAndCapture(james, "signed-1", "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nHello Dave.\r\n");

        String[] lines = sent.split("\r\n");
        assertThat(lines[0]).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + JamesHarness.DOMAIN + "; s=rsa2026;");
        assertThat(sent).contains("\r\nDKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=" + JamesHarness.DOMAIN + "; s=ed2026;");
        assertThat(sent.indexOf("\r\nReceived:")).isGreaterThan(sent.indexOf("s=ed2026;"));
        assertThat(keys.dkimpyVerify(sent)).isEqualTo("pass\npass");
    }

    @Test
    void theRelayedBytesPassThePacksOwnVerifierWhenTheyComeBackIn() throws Exception {
        String sent = submitAndCapture(james, "signed-roundtrip", "Content-Type: text/plain; charset=us-ascii\r\n\r\nRound trip.\r\n");

        try (SmtpClient smtp = james.smtpFrom("192.0.2.77")) {
            smtp.ehlo("relay.remote.example").send(ALICE, "bob@" + JamesHarness.DOMAIN, sent);
        }

        String headers;
        try (TestIMAPClient imap = james.imap("bob@" + JamesHarness.DOMAIN, "bobpw")) {
            imap.select(TestIMAPClient.INBOX).awaitMessage(Awaitility.await().atMost(Duration.ofSeconds(30)));
            headers = imap.readFirstMessageHeaders();
        }
        String unfolded = headers.replaceAll("\r\n[ \t]+", " ");
        assertThat(unfolded).contains("dkim=pass header.d=" + JamesHarness.DOMAIN + " header.s=rsa2026 header.a=rsa-sha256")
            .contains("dkim=pass header.d=" + JamesHarness.DOMAIN + " header.s=ed2026 header.a=ed25519-sha256");
    }

    /** Issue 14: the tables were read once, at start; an admin's edit waited for a restart. */
    @Test
    void aSigningTableEditedWhileJamesRunsSignsTheNextMailAsItNowSays() throws Exception {
        Path signingTable = james.path("conf/dkim/SigningTable");
        String before = Files.readString(signingTable);
        try {
            Files.writeString(signingTable, "*@" + JamesHarness.DOMAIN + " " + JamesHarness.DOMAIN + "-ed2026\n");

            String sent = submitAndCapture(james, "after-edit", "Content-Type: text/plain; charset=us-ascii\r\n\r\nEdited.\r\n");

            assertThat(sent).startsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=" + JamesHarness.DOMAIN + "; s=ed2026;")
                .doesNotContain("s=rsa2026;");
            assertThat(keys.dkimpyVerify(sent)).isEqualTo("pass");
        } finally {
            Files.writeString(signingTable, before);
        }
    }

    @Test
    void mailFromADomainWithoutKeysLeavesUnsigned() throws Exception {
        james.addUser("carol@" + JamesHarness.DOMAIN, "carolpw");
        String recipient = "erin@remote.example";
        String message = "From: Carol <carol@unsigned.example>\r\nTo: <" + recipient + ">\r\nSubject: unsigned\r\n\r\nHi.\r\n";
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("laptop.example").authPlain("carol@" + JamesHarness.DOMAIN, "carolpw").send("carol@" + JamesHarness.DOMAIN, recipient, message);
        }

        String sent = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
            () -> james.sink().received().stream().filter(mail -> mail.recipients.contains(recipient)).findFirst(),
            java.util.Optional::isPresent).get().data;
        assertThat(sent).doesNotContain("DKIM-Signature");
    }
}
