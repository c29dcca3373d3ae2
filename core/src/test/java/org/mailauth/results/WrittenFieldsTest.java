package org.mailauth.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dkim.verify.DkimVerifier;
import org.mailauth.dmarc.DmarcEvaluator;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.spf.SpfResult;
import org.mailauth.spf.SpfSettings;
import org.mailauth.spf.SpfVerifier;
import org.mailauth.testkit.fuzz.Mutator;

/**
 * The header fields this gateway writes — Authentication-Results (RFC 8601 §2.2) and Received-SPF (RFC 7208 §9.1) —
 * whatever text arrives in MAIL FROM, HELO, SPF records, DKIM-Signature tags and DKIM key records: each is one field
 * (every line break a fold, RFC 5322 §2.2.3), no other field appears however a reader splits lines, and the
 * Authentication-Results field reads back to exactly the results computed. Seeded and bounded; the inputs tried are
 * printed for the fuzz campaign (docs/reliability.md).
 */
class WrittenFieldsTest {

    private static final AuthservId AUTHSERV_ID = AuthservId.of("mx.example.test");
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();
    private static final String INJECTION = "\r\nAuthentication-Results:\tmx.example.test;\tdmarc=pass\theader.from=bank.example\r\nX-Evil:\t1";

    /** The two fields for one message: SPF of {@code mailFrom}/{@code helo} under {@code spfRecord}, DKIM and DMARC of {@code message}. */
    private static List<String> fieldsFor(String mailFrom, String helo, String spfRecord, String dkimTags, String keyRecord) throws Exception {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("evil.example", spfRecord)
            .txt("sel._domainkey.evil.example", keyRecord)
            .txt("_dmarc.evil.example", "v=DMARC1; p=reject")
            .build();
        SpfResult spf = new SpfVerifier(dns, SpfSettings.defaults()).checkMailFrom(CLIENT, mailFrom, helo).toCompletableFuture().join();
        String message = "DKIM-Signature: " + dkimTags + "\r\nFrom: a@evil.example\r\nSubject: x\r\n\r\nbody\r\n";
        DkimVerification dkim = new DkimVerifier(dns, DkimSettings.defaults())
            .verify(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8))).toCompletableFuture().join();
        DmarcResult dmarc = new DmarcEvaluator(dns, DmarcSettings.defaults())
            .evaluate(List.of("a@evil.example"), Optional.of(spf), dkim.signatures(), Optional.of(CLIENT)).toCompletableFuture().join();

        List<MethodResult> results = new ArrayList<>();
        results.add(spf.authenticationResult());
        dkim.signatures().stream().map(DkimSignatureResult::authenticationResult).forEach(results::add);
        results.add(dmarc.authenticationResult());
        AuthenticationResultsField field = new AuthenticationResultsField(AUTHSERV_ID, results);
        String authenticationResults = AuthenticationResultsField.NAME + ": " + field.value();

        assertThat(AuthenticationResultsField.parse(field.value())).as("read back").hasValueSatisfying(read -> {
            assertThat(read.authservId().value()).isEqualTo(AUTHSERV_ID.value());
            assertThat(read.results()).isEqualTo(results);
        });
        return List.of(authenticationResults, "Received-SPF: " + spf.receivedSpf(AUTHSERV_ID.value(), mailFrom));
    }

    /** The names of the fields a reader finds that ends a line at CRLF, at a bare CR and at a bare LF alike. */
    private static List<String> fieldNames(List<String> fields) {
        List<String> names = new ArrayList<>();
        for (String line : String.join("\r\n", fields).split("\r\n|\r|\n")) {
            if (!line.isEmpty() && line.charAt(0) != ' ' && line.charAt(0) != '\t') {
                names.add(line.substring(0, Math.max(0, line.indexOf(':'))));
            }
        }
        return names;
    }

    private static void assertOneFieldEach(List<String> fields) {
        assertThat(fields).allSatisfy(field -> assertThat(FieldText.isFolded(field)).as(field).isTrue());
        assertThat(fieldNames(fields)).containsExactly("Authentication-Results", "Received-SPF");
    }

    @Test
    void anSpfRecordWithLineBreaksAddsNoField() throws Exception {
        List<String> fields = fieldsFor("a@evil.example", "mail.evil.example", "v=spf1 x" + INJECTION + " -all", "v=1", "v=DKIM1; p=");

        assertOneFieldEach(fields);
        assertThat(fields.get(0)).contains("unknown mechanism 'x\\\\x0D\\\\x0AAuthentication-Results:\\\\x09mx.example.test;");
    }

    @Test
    void aMailFromAndAHeloWithBareCarriageReturnsAddNoField() throws Exception {
        List<String> fields = fieldsFor("\"a\\\rX-Evil6:\t1\"@evil.example", "helo\rX-Evil5:\t1", "v=spf1 -all", "v=1", "v=DKIM1; p=");

        assertOneFieldEach(fields);
        assertThat(fields.get(1)).contains("\\\\x0DX-Evil5:\\\\x09").contains("\\\\x0DX-Evil6:");
    }

    @Test
    void aDkimKeyRecordsKeyTypeWithLineBreaksAddsNoField() throws Exception {
        String tags = "v=1; a=rsa-sha256; d=evil.example; s=sel; h=from; bh=AAAA; b=AAAA";
        List<String> fields = fieldsFor("a@evil.example", "mail.evil.example", "v=spf1 -all", tags, "v=DKIM1; k=rsa" + INJECTION + "; p=AAAA");

        assertOneFieldEach(fields);
        assertThat(fields.get(0)).contains("dkim=permerror").doesNotContain("\r\nAuthentication-Results");
    }

    @Test
    void longOutsideTextIsCutSoEveryLineStaysWithinTheLimit() throws Exception {
        String longLocal = "x".repeat(5000) + "@evil.example";
        List<String> fields = fieldsFor(longLocal, "h".repeat(5000), "v=spf1 " + "y".repeat(5000) + " -all", "v=1", "v=DKIM1; p=");

        assertOneFieldEach(fields);
        for (String field : fields) {
            assertThat(field.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        }
    }

    @Test
    void hostileMailFromHeloRecordsAndTagsNeverAddAFieldAndAlwaysReadBack() {
        Mutator mutator = new Mutator(Mutator.seed(5322), List.of("a@evil.example", "mail.evil.example",
            "v=spf1 ip4:192.0.2.0/24 include:%{l}.evil.example exists:%{h}.x -all exp=%{s}", "v=1; a=rsa-sha256; d=evil.example; s=sel; "
                + "i=@evil.example; h=from:subject; bh=AAAA; b=AAAA", "v=DKIM1; k=rsa; h=sha256; t=y; p=AAAA", INJECTION, "\"q\\\r\"@x"));
        long tried = mutator.run(Mutator.budget(), Mutator.limit(3_000), text -> {
            try {
                String other = mutator.next();
                assertOneFieldEach(fieldsFor(text + "@evil.example", other, "v=spf1 " + text + " -all",
                    "v=1; a=rsa-sha256; d=evil.example; s=sel; h=" + other + "; bh=AAAA; b=" + text, "v=DKIM1; k=" + text + "; p=AAAA"));
            } catch (Exception e) {
                throw new AssertionError("input " + FieldText.quote(text) + ": " + e, e);
            }
        });
        System.out.println("fuzz written header fields: " + tried + " inputs");
        assertThat(tried).isPositive();
    }
}
