package org.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mailauth.arc.ArcSealer;
import org.mailauth.arc.ArcSealing;
import org.mailauth.arc.ChainValidationStatus;
import org.mailauth.arc.SealingSettings;
import org.mailauth.dkim.TestKeys;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.inbound.Authentication;
import org.mailauth.inbound.AuthenticationSettings;
import org.mailauth.inbound.MessageAuthenticator;
import org.mailauth.inbound.RefusalPolicy;
import org.mailauth.inbound.SmtpFacts;
import org.mailauth.results.AuthservId;

/**
 * RFC 8617 §7.2.1 as local policy (RFC 9989 §5.3.6): a DMARC failure of mail a mailing list changed is not acted on when
 * the ARC chain passes and a sealer the receiver trusts recorded an SPF or DKIM pass aligned with the Author Domain.
 * The result stays fail; the disposition becomes none, with override trusted_forwarder naming the sealer.
 */
class TrustedArcSealerTest {

    private static final String KEY = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(TestKeys.RSA_2048.getPublic().getEncoded());
    private static final InetAddress SHOP_SERVER = address("192.0.2.1");
    private static final InetAddress LIST_SERVER = address("198.51.100.7");

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("shop.example", "v=spf1 ip4:192.0.2.1 -all")
        .txt("_dmarc.shop.example", "v=DMARC1; p=reject")
        .txt("k1._domainkey.shop.example", KEY)
        .txt("lists.example", "v=spf1 ip4:198.51.100.7 -all")
        .txt("arc._domainkey.lists.example", KEY)
        .txt("arc._domainkey.elsewhere.example", KEY)
        .build();

    @Test
    void aTrustedSealersAlignedDkimPassLiftsTheRejectButTheResultStaysFail() throws IOException {
        Authentication authentication = atTheGateway(Set.of("lists.example"), throughTheList("lists.example", null));

        assertThat(authentication.arc().status()).isEqualTo(ChainValidationStatus.PASS);
        assertThat(authentication.dmarc().code()).isEqualTo(DmarcResult.Code.FAIL);
        assertThat(authentication.dmarc().disposition()).isEqualTo(Policy.NONE);
        assertThat(authentication.dmarc().overrides()).singleElement().satisfies(override -> {
            assertThat(override.reason()).isEqualTo(OverrideReason.TRUSTED_FORWARDER);
            assertThat(override.arcSealer()).hasValue("lists.example");
            assertThat(override.comment()).isEqualTo("arc=pass; spf=pass smtp.mailfrom=shop.example recorded by the trusted ARC sealer lists.example (i=1)");
        });
        String field = authentication.field(AuthservId.of("gateway.test")).value();
        assertThat(field).contains("arc=pass smtp.remote-ip=198.51.100.7 header.oldest-pass=0")
            .contains("dmarc=fail reason=\"p=reject; trusted_forwarder (arc=pass, trusted sealer lists.example)\"");
        assertThat(RefusalPolicy.defaults().refusal(authentication)).as("the SMTP hook's decision").isEmpty();
    }

    @Test
    void anUntrustedSealerChangesNothing() throws IOException {
        Authentication authentication = atTheGateway(Set.of("other-list.example"), throughTheList("lists.example", null));

        assertThat(authentication.arc().status()).isEqualTo(ChainValidationStatus.PASS);
        assertThat(authentication.dmarc().disposition()).isEqualTo(Policy.REJECT);
        assertThat(authentication.dmarc().overrides()).isEmpty();
        assertThat(RefusalPolicy.defaults().refusal(authentication)).isPresent();
    }

    @Test
    void aChainThatFailsChangesNothingEvenFromATrustedSealer() throws IOException {
        String sealed = throughTheList("lists.example", null).replace("ARC-Authentication-Results: i=1; lists.example;",
            "ARC-Authentication-Results: i=1; lists.example; x=y;");

        Authentication authentication = atTheGateway(Set.of("lists.example"), sealed);

        assertThat(authentication.arc().status()).isEqualTo(ChainValidationStatus.FAIL);
        assertThat(authentication.arc().reason()).hasValueSatisfying(reason -> assertThat(reason).startsWith("ARC-Seal i=1"));
        assertThat(authentication.dmarc().disposition()).isEqualTo(Policy.REJECT);
    }

    @Test
    void aTrustedSealersPassForAnotherDomainDoesNotVouchForTheAuthorDomain() throws IOException {
        String sealed = throughTheList("lists.example", "lists.example; dkim=pass header.d=elsewhere.example; spf=pass smtp.mailfrom=elsewhere.example");

        Authentication authentication = atTheGateway(Set.of("lists.example"), sealed);

        assertThat(authentication.arc().status()).isEqualTo(ChainValidationStatus.PASS);
        assertThat(authentication.dmarc().disposition()).isEqualTo(Policy.REJECT);
    }

    @Test
    void onlyTheSealersOwnSetCountsNotOneItMerelyCarries() throws IOException {
        String first = throughTheList("elsewhere.example", null);
        String second = seal("lists.example", first, "lists.example; arc=pass; spf=pass smtp.mailfrom=lists.example", ChainValidationStatus.PASS);

        Authentication authentication = atTheGateway(Set.of("lists.example"), second);

        assertThat(authentication.arc().status()).isEqualTo(ChainValidationStatus.PASS);
        assertThat(authentication.arc().instances()).isEqualTo(2);
        assertThat(authentication.dmarc().disposition()).as("the pass for shop.example was recorded by the untrusted first sealer")
            .isEqualTo(Policy.REJECT);
    }

    /** The shop signs; the list authenticates it, tags the subject, adds a footer and seals with its authentication. */
    private String throughTheList(String sealer, String payload) throws IOException {
        String original = "From: Shop <orders@shop.example>\r\nTo: list@lists.example\r\nSubject: Your order\r\n"
            + "Date: Mon, 30 Nov 2026 00:00:00 +0000\r\nMessage-ID: <1@shop.example>\r\n\r\nThank you for your order.\r\n";
        String signature = new DkimSigner(SigningKey.rsa("shop.example", "k1", TestKeys.RSA_2048.getPrivate()), SigningSettings.defaults())
            .sign(stream(original));
        String signed = signature + "\r\n" + original;
        Authentication atTheList = new MessageAuthenticator(dns, AuthenticationSettings.builder().build())
            .authenticate(new SmtpFacts(SHOP_SERVER, "mail.shop.example", "orders@shop.example"), stream(signed)).toCompletableFuture().join();
        assertThat(atTheList.dmarc().code()).isEqualTo(DmarcResult.Code.PASS);
        String changed = signed.replace("Subject: Your order", "Subject: [shoppers] Your order") + "--\r\nshoppers mailing list\r\n";
        return seal(sealer, changed, payload == null ? atTheList.arcAuthenticationResults(AuthservId.of(sealer)) : payload,
            atTheList.arc().status());
    }

    private static String seal(String sealer, String message, String payload, ChainValidationStatus incoming) throws IOException {
        ArcSealing sealing = new ArcSealer(SigningKey.rsa(sealer, "arc", TestKeys.RSA_2048.getPrivate()), SealingSettings.defaults())
            .seal(stream(message), incoming, payload);
        return String.join("\r\n", sealing.fields()) + "\r\n" + message;
    }

    private Authentication atTheGateway(Set<String> trustedSealers, String message) throws IOException {
        AuthenticationSettings settings = AuthenticationSettings.builder()
            .dmarc(DmarcSettings.builder().localPolicy(LocalPolicy.builder().trustedArcSealers(trustedSealers).build()).build())
            .build();
        return new MessageAuthenticator(dns, settings)
            .authenticate(new SmtpFacts(LIST_SERVER, "mail.lists.example", "bounces@lists.example"), stream(message))
            .toCompletableFuture().join();
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
