package org.mailauth.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.mailauth.dns.InMemoryDnsResolver;

/**
 * An SPF policy shaped like a large provider's, as one zone both engines read: the checked domain includes
 * a provider record that includes four netblock records, and a second provider that includes two. A full
 * walk evaluates 8 DNS-querying terms (RFC 7208 §4.6.4) over 9 TXT records holding 50 ip4 networks.
 */
final class SpfTree {

    static final String DOMAIN = "example.com";
    static final String SENDER = "someone@example.com";
    /** Permitted by the very last network of the tree: every record is evaluated. */
    static final String LAST_PERMITTED_IP = "198.51.106.9";
    /** Permitted by none: every record is evaluated, then ~all. */
    static final String UNKNOWN_IP = "203.0.113.7";

    private final Map<String, String> records = new LinkedHashMap<>();

    SpfTree() {
        records.put(DOMAIN, "v=spf1 include:_spf.provider.example include:_spf.other.example ~all");
        records.put("_spf.provider.example", "v=spf1 include:_nb1.provider.example include:_nb2.provider.example"
            + " include:_nb3.provider.example include:_nb4.provider.example ~all");
        for (int block = 1; block <= 4; block++) {
            records.put("_nb" + block + ".provider.example", "v=spf1 " + networks("10." + block, 10) + " ~all");
        }
        records.put("_spf.other.example", "v=spf1 include:_nb1.other.example include:_nb2.other.example ~all");
        records.put("_nb1.other.example", "v=spf1 " + networks("192.0", 5) + " ~all");
        records.put("_nb2.other.example", "v=spf1 " + networks("198.51", 5) + " -all");
    }

    private static String networks(String prefix, int count) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            terms.add("ip4:" + prefix + "." + (10 + i * 24) + ".0/24");
        }
        return String.join(" ", terms);
    }

    InMemoryDnsResolver mailauthResolver() {
        InMemoryDnsResolver.Builder builder = InMemoryDnsResolver.builder();
        records.forEach(builder::txt);
        return builder.build();
    }

    /** The same records for jSPF 1.0.4; every other question has no answer. */
    DNSService jspfResolver() {
        return new DNSService() {
            @Override
            public List<String> getRecords(DNSRequest request) {
                String name = request.getHostname().toLowerCase(Locale.ROOT);
                name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
                String record = request.getRecordType() == DNSRequest.TXT ? records.get(name) : null;
                return record == null ? null : List.of(record);
            }

            @Override
            public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
                return CompletableFuture.completedFuture(getRecords(request));
            }

            @Override
            public List<String> getLocalDomainNames() {
                return List.of("localhost");
            }

            @Override
            public void setTimeOut(int timeOut) {
            }

            @Override
            public int getRecordLimit() {
                return 10;
            }

            @Override
            public void setRecordLimit(int limit) {
            }
        };
    }
}
