package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.arc.ArcSealer;
import org.mailauth.arc.ArcSealing;
import org.mailauth.arc.ChainValidationStatus;
import org.mailauth.arc.SealingSettings;

/**
 * {@code mailauth arc seal} and {@code mailauth arc verify} (RFC 8617) against a loopback DNS server: a shop signs its
 * mail with DKIM, a forwarder seals it, a mailing list seals it again, and the chain is validated after each hop.
 */
class ArcCommandTest {

    private static ArcHops hops;

    @TempDir
    Path directory;

    @BeforeAll
    static void setUp() throws Exception {
        hops = new ArcHops();
    }

    @AfterAll
    static void tearDown() throws Exception {
        hops.close();
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(directory.resolve(name), content, StandardCharsets.ISO_8859_1);
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    /** The header fields with their folds undone (RFC 5322 §2.2.3). */
    private static String unfolded(String message) {
        return message.replaceAll("\r\n[ \t]", " ");
    }

    private Path sealedOnce() throws Exception {
        Path sealed = directory.resolve("sealed-once.eml");
        CommandRun run = hops.sealAtForwarder(file("original.eml", hops.signed), sealed);
        assertThat(run.exitCode).as(run.err).isZero();
        return sealed;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> verifyJson(Path message) {
        CommandRun run = CommandRun.of("--dns", hops.dns(), "--json", "arc", "verify", message.toString());
        assertThat(run.exitCode).as(run.err).isZero();
        return (Map<String, Object>) JsonReader.read(run.out.strip());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> set(Map<String, Object> verification, int index) {
        return (Map<String, Object>) ((List<Object>) verification.get("sets")).get(index);
    }

    @SuppressWarnings("unchecked")
    private static Object result(Map<String, Object> set, String signature) {
        return ((Map<String, Object>) set.get(signature)).get("result");
    }

    @SuppressWarnings("unchecked")
    private static Object reason(Map<String, Object> set, String signature) {
        return ((Map<String, Object>) set.get(signature)).get("reason");
    }

    @Test
    void aSealedMessageCarriesTheResultsOfItsArrivalInTheNewSet() throws Exception {
        String sealed = read(sealedOnce());

        assertThat(sealed).startsWith("ARC-Seal: a=rsa-sha256; b=").endsWith(hops.signed);
        assertThat(unfolded(sealed)).contains("cv=none; d=forwarder.example; i=1; s=arc; t=" + ArcHops.NOW)
            .contains("\r\nARC-Message-Signature: a=rsa-sha256; b=")
            .contains("\r\nARC-Authentication-Results: i=1; mx.forwarder.example; spf=pass");
        String results = unfolded(sealed.substring(sealed.indexOf("ARC-Authentication-Results:"), sealed.indexOf("DKIM-Signature:")));
        assertThat(results).contains("dkim=pass header.d=shop.example").contains("arc=none")
            .contains("dmarc=pass");
    }

    @Test
    void aMessageSealedOncePassesWithOneInstanceAndOldestPassZero() throws Exception {
        Map<String, Object> verification = verifyJson(sealedOnce());

        assertThat(verification).containsEntry("result", "pass").containsEntry("instances", new BigDecimal(1))
            .containsEntry("oldest_pass", new BigDecimal(0)).containsEntry("reason", null);
        Map<String, Object> set = set(verification, 0);
        assertThat(set).containsEntry("i", new BigDecimal(1)).containsEntry("d", "forwarder.example").containsEntry("s", "arc")
            .containsEntry("a", "rsa-sha256").containsEntry("cv", "none");
        assertThat(result(set, "ams")).isEqualTo("pass");
        assertThat(result(set, "as")).isEqualTo("pass");
        assertThat(reason(set, "ams")).isNull();
    }

    @Test
    void checkShowsTheChainOfASealedMessage() throws Exception {
        CommandRun run = CommandRun.of("--dns", hops.dns(), "--now", Long.toString(ArcHops.NOW), "check", sealedOnce().toString(),
            "--ip", ArcHops.FORWARDER_IP, "--mail-from", "bounces@forwarder.example", "--helo", "mx.forwarder.example");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("ARC   pass (1 set, oldest-pass 0)").contains("arc=pass smtp.remote-ip=" + ArcHops.FORWARDER_IP
            + " header.oldest-pass=0");
    }

    @Test
    void aSecondSealOnTopPassesWithTwoInstances() throws Exception {
        Path twice = directory.resolve("sealed-twice.eml");
        CommandRun run = hops.sealAtList(sealedOnce(), twice);

        Map<String, Object> verification = verifyJson(twice);

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(unfolded(read(twice))).contains("ARC-Authentication-Results: i=2; mx.list.example;").contains("cv=pass; d=list.example; i=2;");
        assertThat(verification).containsEntry("result", "pass").containsEntry("instances", new BigDecimal(2))
            .containsEntry("oldest_pass", new BigDecimal(0));
        assertThat(set(verification, 0)).containsEntry("i", new BigDecimal(1)).containsEntry("cv", "none");
        assertThat(set(verification, 1)).containsEntry("i", new BigDecimal(2)).containsEntry("d", "list.example").containsEntry("cv", "pass");
    }

    /**
     * A list that adds a footer: it validates the chain as the message arrives (pass), changes the body, and seals what
     * it sends with cv=pass (RFC 8617 §5.1). {@code arc seal} seals the message it checked, so this hop is core's sealer.
     */
    private Path sealedByAListThatAddsAFooter() throws Exception {
        Path arrived = sealedOnce();
        Map<String, Object> onArrival = verifyJson(arrived);
        assertThat(onArrival).containsEntry("result", "pass");
        String changed = read(arrived).replace("Thanks for your order.\r\n", "Thanks for your order.\r\n-- \r\nThe list footer\r\n");
        ArcSealing sealing = new ArcSealer(hops.listKey, SealingSettings.defaults().withClock(Clock.fixed(Instant.ofEpochSecond(ArcHops.NOW + 60), ZoneOffset.UTC)))
            .seal(new ByteArrayInputStream(changed.getBytes(StandardCharsets.ISO_8859_1)), ChainValidationStatus.PASS, "mx.list.example; arc=pass");
        assertThat(sealing.chainValidation()).isEqualTo(ChainValidationStatus.PASS);
        return file("sealed-twice.eml", String.join("\r\n", sealing.fields()) + "\r\n" + changed);
    }

    /** RFC 8617 §5.2 steps 4 and 5: the latest AMS decides; an older one that no longer verifies only sets oldest-pass. */
    @Test
    void aBodyChangedAfterTheFirstSealStillPassesWithOldestPassTwo() throws Exception {
        Map<String, Object> verification = verifyJson(sealedByAListThatAddsAFooter());

        assertThat(verification).containsEntry("result", "pass").containsEntry("instances", new BigDecimal(2))
            .containsEntry("oldest_pass", new BigDecimal(2));
        assertThat(result(set(verification, 0), "ams")).isEqualTo("fail");
        assertThat(reason(set(verification, 0), "ams")).isEqualTo("body hash did not verify");
        assertThat(result(set(verification, 1), "ams")).isEqualTo("pass");
        assertThat(result(set(verification, 0), "as")).isEqualTo("pass");
        assertThat(result(set(verification, 1), "as")).isEqualTo("pass");
    }

    /** A body changed after the seal without a new one: the latest AMS fails, and so does the chain (§5.2 step 4). */
    @Test
    void aBodyChangedAfterTheOnlySealFails() throws Exception {
        Path changed = file("changed.eml", read(sealedOnce()).replace("Thanks", "Thank you"));

        Map<String, Object> verification = verifyJson(changed);

        assertThat(verification).containsEntry("result", "fail").containsEntry("oldest_pass", null)
            .containsEntry("reason", "ARC-Message-Signature i=1: body hash did not verify");
    }

    /** A chain that failed on arrival is sealed with cv=fail (§5.1 step 2), and validates as fail from then on. */
    @Test
    void aSealOnTopOfABrokenChainSaysFail() throws Exception {
        Path broken = file("broken.eml", read(sealedOnce()).replace("Thanks", "Thank you"));
        Path sealed = directory.resolve("sealed-broken.eml");
        CommandRun run = hops.sealAtList(broken, sealed);

        Map<String, Object> verification = verifyJson(sealed);

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(unfolded(read(sealed))).contains("cv=fail; d=list.example; i=2;").contains("arc=fail");
        assertThat(verification).containsEntry("result", "fail").containsEntry("instances", new BigDecimal(2))
            .containsEntry("reason", "the latest ARC-Seal (i=2) says cv=fail (RFC 8617 §5.2 step 2)");
    }

    /** RFC 8617 §5.1.1: the ARC-Seal signs its own set, AAR and AMS included, and its own tags. */
    @Test
    void aTamperedSealFailsWithTheReason() throws Exception {
        String sealed = read(sealedOnce());
        int sealEnd = sealed.indexOf("\r\nARC-Message-Signature:");
        Path tamperedSeal = file("tampered-seal.eml", sealed.substring(0, sealEnd).replace("t=" + ArcHops.NOW, "t=" + (ArcHops.NOW + 1))
            + sealed.substring(sealEnd));
        Path tamperedResults = file("tampered-results.eml", sealed.replaceFirst("spf=pass", "spf=fail"));
        assertThat(sealed.indexOf("spf=pass")).as("the first spf= is the AAR's").isLessThan(sealed.indexOf("DKIM-Signature:"));
        assertThat(read(tamperedSeal)).isNotEqualTo(sealed);

        Map<String, Object> seal = verifyJson(tamperedSeal);
        Map<String, Object> results = verifyJson(tamperedResults);

        assertThat(seal).containsEntry("result", "fail").containsEntry("reason", "ARC-Seal i=1: signature did not verify");
        assertThat(result(set(seal, 0), "as")).isEqualTo("fail");
        assertThat(reason(set(seal, 0), "as")).isEqualTo("signature did not verify");
        assertThat(result(set(seal, 0), "ams")).isEqualTo("pass");
        assertThat(results).containsEntry("result", "fail").containsEntry("reason", "ARC-Seal i=1: signature did not verify");
    }

    @Test
    void aMessageWithoutArcIsNone() throws Exception {
        Map<String, Object> verification = verifyJson(file("plain.eml", hops.signed));

        assertThat(verification).containsEntry("result", "none").containsEntry("instances", new BigDecimal(0))
            .containsEntry("oldest_pass", null).containsEntry("reason", null).containsEntry("sets", List.of());
    }

    @Test
    void jsonIsOneLinePerFileWithEveryField() throws Exception {
        Path sealed = sealedOnce();
        Path plain = file("plain.eml", hops.signed);

        CommandRun run = CommandRun.of("--dns", hops.dns(), "--json", "arc", "verify", sealed.toString(), plain.toString());

        String[] lines = run.out.split(System.lineSeparator());
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("{\"file\":\"" + sealed + "\",\"result\":\"pass\",\"instances\":1,\"oldest_pass\":0,\"reason\":null,"
            + "\"sets\":[{\"i\":1,\"d\":\"forwarder.example\",\"s\":\"arc\",\"a\":\"rsa-sha256\",\"cv\":\"none\","
            + "\"ams\":{\"result\":\"pass\",\"reason\":null},\"as\":{\"result\":\"pass\",\"reason\":null}}]}");
        assertThat(lines[1]).isEqualTo("{\"file\":\"" + plain + "\",\"result\":\"none\",\"instances\":0,\"oldest_pass\":null,"
            + "\"reason\":null,\"sets\":[]}");
        for (String line : lines) {
            assertThat(JsonReader.read(line)).isInstanceOf(Map.class);
        }
    }

    @Test
    void textGivesOneBlockPerFile() throws Exception {
        Path twice = sealedByAListThatAddsAFooter();
        Path plain = file("plain.eml", hops.signed);

        CommandRun run = CommandRun.of("--dns", hops.dns(), "arc", "verify", twice.toString(), plain.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out.split(System.lineSeparator())).containsExactly(
            twice + ": ARC pass (2 instances, oldest-pass 2)",
            "  i=1 d=forwarder.example s=arc a=rsa-sha256 cv=none: AMS fail (body hash did not verify), AS pass",
            "  i=2 d=list.example s=seal a=rsa-sha256 cv=pass: AMS pass, AS pass",
            plain + ": ARC none (no ARC header fields)");
    }

    @Test
    void aFailedChainSaysWhyInText() throws Exception {
        Path tampered = file("tampered.eml", read(sealedOnce()).replace("Thanks", "Thank you"));

        CommandRun run = CommandRun.of("--dns", hops.dns(), "arc", "verify", tampered.toString());

        assertThat(run.exitCode).isZero();
        assertThat(run.out).startsWith(tampered + ": ARC fail (1 instance): ARC-Message-Signature i=1: body hash did not verify");
    }

    /** RFC 8617 §5.1 step 2: a chain that has failed is sealed once more with cv=fail, and then no more. */
    @Test
    void aChainThatASealSaysFailedIsWrittenUnchangedAndStderrSaysWhy() throws Exception {
        Path broken = file("broken.eml", read(sealedOnce()).replace("Thanks", "Thank you"));
        Path failed = directory.resolve("failed.eml");
        CommandRun first = hops.sealAtList(broken, failed);
        assertThat(unfolded(read(failed))).contains("cv=fail; d=list.example; i=2;");
        Path again = directory.resolve("again.eml");

        CommandRun second = hops.sealAtList(failed, again);

        assertThat(first.err).isEmpty();
        assertThat(second.exitCode).isZero();
        assertThat(read(again)).isEqualTo(read(failed));
        assertThat(second.err).isEqualTo("mailauth: not sealed: the latest ARC-Seal already says cv=fail (RFC 8617 §5.1 step 2);"
            + " the message is written unchanged" + System.lineSeparator());
    }

    @Test
    void stdinIsSealedToStdout() throws Exception {
        InputStream originalIn = System.in;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        System.setIn(new ByteArrayInputStream(hops.signed.getBytes(StandardCharsets.ISO_8859_1)));
        System.setOut(new PrintStream(stdout, true, StandardCharsets.ISO_8859_1));
        CommandRun run;
        try {
            run = CommandRun.of("--dns", hops.dns(), "--now", Long.toString(ArcHops.NOW), "arc", "seal", "--domain", "forwarder.example", "--selector", "arc",
                "--key", hops.forwarderKeyFile.toString(), "--ip", ArcHops.SHOP_IP, "--mail-from", "orders@shop.example");
        } finally {
            System.setIn(originalIn);
            System.setOut(originalOut);
        }
        Path sealed = file("from-stdout.eml", stdout.toString(StandardCharsets.ISO_8859_1));

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(read(sealed)).startsWith("ARC-Seal: ").endsWith(hops.signed);
        assertThat(unfolded(read(sealed))).contains("ARC-Authentication-Results: i=1; localhost; spf=pass");
        assertThat(verifyJson(sealed)).containsEntry("result", "pass");
    }

    @Test
    void aMessageWithLfLineEndsGetsTheSetWithLfLineEnds() throws Exception {
        Path lf = file("lf.eml", hops.signed.replace("\r\n", "\n"));
        Path sealed = directory.resolve("sealed-lf.eml");

        CommandRun run = hops.sealAtForwarder(lf, sealed);

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(read(sealed)).doesNotContain("\r").endsWith(read(lf));
        assertThat(verifyJson(sealed)).containsEntry("result", "pass");
    }

    @Test
    void eightBitHeadersAndBodyAreSealedAsTheyAre() throws Exception {
        byte[] utf8 = ("Subject: Café crème\r\n" + ArcHops.MESSAGE.replace("Thanks", "Merci, à bientôt")).getBytes(StandardCharsets.UTF_8);
        Path message = Files.write(directory.resolve("utf8.eml"), utf8);
        Path sealed = directory.resolve("sealed-utf8.eml");

        CommandRun run = hops.sealAtForwarder(message, sealed);

        assertThat(run.exitCode).as(run.err).isZero();
        byte[] out = Files.readAllBytes(sealed);
        assertThat(Arrays.copyOfRange(out, out.length - utf8.length, out.length)).isEqualTo(utf8);
        assertThat(verifyJson(sealed)).containsEntry("result", "pass");
    }

    @Test
    void theHelpOfBothCommandsStatesTheExitStatus() {
        assertThat(CommandRun.of("arc", "verify", "--help").out.replaceAll("\\s+", " "))
            .contains("Exit status 0 whatever the results, as for 'dkim verify'; 2 when a file cannot be read.");
        assertThat(CommandRun.of("arc", "seal", "--help").out.replaceAll("\\s+", " "))
            .contains("Exit status 0 when the message was written, sealed or not;");
    }

    private CommandRun sealWith(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--dns", hops.dns(), "arc", "seal", file("original.eml", hops.signed).toString(),
            "--domain", "forwarder.example", "--selector", "arc", "--key", hops.forwarderKeyFile.toString()));
        args.addAll(List.of(options));
        return CommandRun.of(args.toArray(new String[0]));
    }

    @Test
    void aBadIpIsAUsageErrorNamingIt() throws Exception {
        CommandRun run = sealWith("--ip", "300.1.1.1", "--mail-from", "orders@shop.example");

        assertThat(run.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
        assertThat(run.err).startsWith("--ip 300.1.1.1: not an IP address" + System.lineSeparator()).contains("Usage: mailauth arc seal");
        assertThat(run.out).isEmpty();
    }

    @Test
    void aMissingIpIsAUsageError() throws Exception {
        CommandRun run = sealWith("--mail-from", "orders@shop.example");

        assertThat(run.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
        assertThat(run.err).startsWith("--ip is required" + System.lineSeparator());
    }

    @Test
    void anAuthservIdThatIsNoTokenIsAUsageError() throws Exception {
        CommandRun run = sealWith("--ip", ArcHops.SHOP_IP, "--mail-from", "orders@shop.example", "--authserv-id", "mx example");

        assertThat(run.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
        assertThat(run.err).startsWith("--authserv-id: an authserv-id is a single token such as mx.example.com, not 'mx example'");
    }

    @Test
    void aDomainOrSelectorThatCannotBeATagValueIsAUsageError() throws Exception {
        List<String> args = new ArrayList<>(List.of("arc", "seal", file("original.eml", hops.signed).toString(), "--key",
            hops.forwarderKeyFile.toString(), "--ip", ArcHops.SHOP_IP, "--mail-from", "orders@shop.example"));
        List<String> badDomain = new ArrayList<>(args);
        badDomain.addAll(List.of("--domain", "forwarder example", "--selector", "arc"));
        List<String> badSelector = new ArrayList<>(args);
        badSelector.addAll(List.of("--domain", "forwarder.example", "--selector", "arc;x=1"));

        CommandRun domain = CommandRun.of(badDomain.toArray(new String[0]));
        CommandRun selector = CommandRun.of(badSelector.toArray(new String[0]));

        assertThat(domain.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
        assertThat(domain.err).startsWith("--domain 'forwarder example': not a domain name (RFC 6376 §3.5), which is labels of letters,");
        assertThat(selector.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
        assertThat(selector.err).startsWith("--selector 'arc;x=1': not a selector (RFC 6376 §3.1), which is labels of letters,");
    }
}
