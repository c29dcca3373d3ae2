package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability of {@code mailauth arc seal} and {@code arc verify} with dkimpy's ARC, an independent implementation:
 * dkimpy validates the chains we seal, we validate the chains dkimpy seals, and chains sealed by both validate on both
 * sides. Both look the keys up on the same loopback DNS server.
 */
class ArcDkimpyInteropTest {

    private static ArcHops hops;

    @TempDir
    Path directory;

    @BeforeAll
    static void setUp() throws Exception {
        DkimpyArc.requireInstalled();
        hops = new ArcHops();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (hops != null) {
            hops.close();
        }
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(directory.resolve(name), content, StandardCharsets.ISO_8859_1);
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    private Path sealedByUs() throws Exception {
        Path sealed = directory.resolve("sealed-by-us.eml");
        CommandRun run = hops.sealAtForwarder(file("original.eml", hops.signed), sealed);
        assertThat(run.exitCode).as(run.err).isZero();
        return sealed;
    }

    /** The forwarder's seal made by dkimpy: it takes the chain's status from the forwarder's Authentication-Results. */
    private String sealedByDkimpy() {
        String received = "Authentication-Results: mx.forwarder.example; spf=pass smtp.mailfrom=orders@shop.example;\r\n"
            + "\tdkim=pass header.d=shop.example; arc=none\r\n" + hops.signed;
        return DkimpyArc.seal(received, "forwarder.example", "arc", hops.forwarderKeyFile, "mx.forwarder.example", ArcHops.NOW) + received;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> verifyJson(Path message) {
        CommandRun run = CommandRun.of("--dns", hops.dns(), "--json", "arc", "verify", message.toString());
        assertThat(run.exitCode).as(run.err).isZero();
        return (Map<String, Object>) JsonReader.read(run.out.strip());
    }

    @Test
    void dkimpyValidatesAChainOurArcSealMade() throws Exception {
        assertThat(DkimpyArc.verify(read(sealedByUs()), hops.dnsPort())).containsExactly("pass", "success");
    }

    @Test
    void dkimpyValidatesAChainOurArcSealSealedTwice() throws Exception {
        Path twice = directory.resolve("sealed-twice.eml");
        CommandRun run = hops.sealAtList(sealedByUs(), twice);

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(DkimpyArc.verify(read(twice), hops.dnsPort())).containsExactly("pass", "success");
    }

    @Test
    void dkimpyFindsTheChainWeSealBrokenWhenTheBodyChanges() throws Exception {
        String tampered = read(sealedByUs()).replace("Thanks", "Thank you");

        assertThat(DkimpyArc.verify(tampered, hops.dnsPort()).get(0)).isEqualTo("fail");
    }

    @Test
    void ourArcVerifyValidatesAChainDkimpyMade() throws Exception {
        Path sealed = file("sealed-by-dkimpy.eml", sealedByDkimpy());

        Map<String, Object> verification = verifyJson(sealed);

        assertThat(read(sealed)).startsWith("ARC-Seal: ");
        assertThat(verification).as(verification.toString()).containsEntry("result", "pass").containsEntry("instances", new BigDecimal(1))
            .containsEntry("oldest_pass", new BigDecimal(0));
        @SuppressWarnings("unchecked")
        Map<String, Object> set = (Map<String, Object>) ((List<Object>) verification.get("sets")).get(0);
        assertThat(set).containsEntry("d", "forwarder.example").containsEntry("cv", "none");
    }

    @Test
    void ourArcVerifyFindsTheChainDkimpyMadeBrokenWhenTheBodyChanges() throws Exception {
        Path tampered = file("tampered.eml", sealedByDkimpy().replace("Thanks", "Thank you"));

        assertThat(verifyJson(tampered)).containsEntry("result", "fail")
            .containsEntry("reason", "ARC-Message-Signature i=1: body hash did not verify");
    }

    @Test
    void aChainDkimpyBeganAndWeContinuedValidatesOnBothSides() throws Exception {
        Path twice = directory.resolve("dkimpy-then-us.eml");
        CommandRun run = hops.sealAtList(file("sealed-by-dkimpy.eml", sealedByDkimpy()), twice);

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(verifyJson(twice)).containsEntry("result", "pass").containsEntry("instances", new BigDecimal(2));
        assertThat(DkimpyArc.verify(read(twice), hops.dnsPort())).containsExactly("pass", "success");
    }

    @Test
    void aChainWeBeganAndDkimpyContinuedValidatesOnBothSides() throws Exception {
        Path once = sealedByUs();
        assertThat(verifyJson(once)).containsEntry("result", "pass");
        String received = "Authentication-Results: mx.list.example; arc=pass\r\n" + read(once);
        Path twice = file("us-then-dkimpy.eml",
            DkimpyArc.seal(received, "list.example", "seal", hops.listKeyFile, "mx.list.example", ArcHops.NOW + 60) + received);

        assertThat(read(twice)).contains("cv=pass");
        assertThat(verifyJson(twice)).containsEntry("result", "pass").containsEntry("instances", new BigDecimal(2));
        assertThat(DkimpyArc.verify(read(twice), hops.dnsPort())).containsExactly("pass", "success");
    }
}
