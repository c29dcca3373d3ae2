package org.mailauth.it;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;

import org.mailauth.testkit.dns.Zone;

/**
 * What RFC 8617 was made for (§1, §7.2.1): a shop whose domain says {@code p=reject} signs its mail with DKIM; a mailing
 * list authenticates it, tags the subject, adds a footer — which breaks the shop's signature — records what it found in
 * its Authentication-Results and seals the copy with dkimpy before sending it on from its own IP address. Two lists
 * work the same way: a gateway trusts one of them ({@code dmarc.trusted-arc-sealers}) and not the other.
 */
final class ArcMailingLists {

    static final String SHOP = "shop.example";
    static final String SHOP_IP = "192.0.2.1";
    static final String TRUSTED_LIST = "lists.example";
    static final String TRUSTED_LIST_IP = "198.51.100.7";
    static final String UNTRUSTED_LIST = "other-list.example";
    static final String UNTRUSTED_LIST_IP = "198.51.100.8";
    private static final String SHOP_SELECTOR = "k1";
    private static final String LIST_SELECTOR = "arc";
    private static final String SIGNED_FIELDS = "from:to:subject:date:message-id";

    private final KeyPair shopKeys;
    private final KeyPair listKeys;

    ArcMailingLists() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        shopKeys = generator.generateKeyPair();
        listKeys = generator.generateKeyPair();
    }

    /** The shop's SPF, DMARC (p=reject, aggregate reports to dmarc@shop.example) and DKIM key; the lists' SPF and keys. */
    Zone.Builder publish(Zone.Builder zone) {
        return zone
            .txt(SHOP, "v=spf1 ip4:" + SHOP_IP + " -all")
            .txt("_dmarc." + SHOP, "v=DMARC1; p=reject; rua=mailto:dmarc@" + SHOP)
            .longTxt(SHOP_SELECTOR + "._domainkey." + SHOP, Dkimpy.record(shopKeys))
            .txt(TRUSTED_LIST, "v=spf1 ip4:" + TRUSTED_LIST_IP + " -all")
            .longTxt(LIST_SELECTOR + "._domainkey." + TRUSTED_LIST, Dkimpy.record(listKeys))
            .txt(UNTRUSTED_LIST, "v=spf1 ip4:" + UNTRUSTED_LIST_IP + " -all")
            .longTxt(LIST_SELECTOR + "._domainkey." + UNTRUSTED_LIST, Dkimpy.record(listKeys));
    }

    /** The DNS records above that a DKIM or ARC validator fetches, as "name=record" for dkimpy. */
    List<String> keyRecords() {
        List<String> records = new ArrayList<>();
        records.add(SHOP_SELECTOR + "._domainkey." + SHOP + "=" + Dkimpy.record(shopKeys));
        records.add(LIST_SELECTOR + "._domainkey." + TRUSTED_LIST + "=" + Dkimpy.record(listKeys));
        records.add(LIST_SELECTOR + "._domainkey." + UNTRUSTED_LIST + "=" + Dkimpy.record(listKeys));
        return records;
    }

    /** A message of the shop to {@code to}, signed by the shop with dkimpy (relaxed/relaxed). */
    String fromTheShop(String to, String id) throws Exception {
        String message = "From: Shop <orders@" + SHOP + ">\r\nTo: " + to + "\r\nSubject: Your order " + id + "\r\n"
            + "Date: Mon, 30 Nov 2026 00:00:00 +0000\r\nMessage-ID: <" + id + "@" + SHOP + ">\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThank you for your order.\r\n";
        return Dkimpy.sign(message, SHOP, SHOP_SELECTOR, shopKeys) + message;
    }

    /**
     * {@code signed} as {@code list} sends it on: its own Authentication-Results (the DKIM result dkimpy gives the shop's
     * signature; SPF and DMARC as the shop's records say for mail from the shop's server), "[shoppers]" in the subject,
     * a footer, and dkimpy's ARC Set of the list (i=1, cv=none) on top.
     */
    String throughTheList(String list, String signed) throws Exception {
        String dkim = Dkimpy.verify(signed, keyRecords());
        String received = "Authentication-Results: " + list + "; dkim=" + dkim + " header.d=" + SHOP + " header.s=" + SHOP_SELECTOR
            + "; spf=pass smtp.mailfrom=orders@" + SHOP + "; dmarc=" + dkim + " header.from=" + SHOP + "\r\n" + signed;
        String changed = received.replaceFirst("Subject: ", "Subject: [shoppers] ") + "-- \r\nshoppers mailing list\r\n";
        return DkimpyArc.seal(changed, list, LIST_SELECTOR, listKeys, list, SIGNED_FIELDS) + changed;
    }
}
