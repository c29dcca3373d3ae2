package org.mailauth.spf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.mailauth.dns.DnsJavaResolver;
import org.mailauth.dns.DnsSettings;
import org.mailauth.dns.IpLiteral;
import org.mailauth.testkit.dns.LoopbackDnsServer;

import org.mailauth.testkit.dns.Zone;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads an OpenSPF test suite (YAML, one document per section: {@code tests} and {@code zonedata}) into
 * cases, each with the DNS zone of its section, following the suite's conventions: an {@code SPF} entry is
 * also published as TXT unless the name has TXT entries of its own ({@code TXT: NONE} meaning none);
 * {@code TIMEOUT} makes queries for the types a name lacks time out.
 */
final class OpenSpfSuite {

    private static final List<Integer> TIMEOUT_TYPES = List.of(Type.A, Type.AAAA, Type.MX, Type.PTR, Type.TXT, Type.SPF, Type.CNAME);

    /** One test of the suite. */
    static final class Case {
        final String section;
        final String name;
        final String helo;
        final String host;
        final String mailFrom;
        final List<String> results;
        final String explanation;
        final String spec;
        final Zone zone;

        Case(String section, String name, Map<String, Object> test, Zone zone) {
            this.section = section;
            this.name = name;
            this.helo = String.valueOf(test.get("helo"));
            this.host = String.valueOf(test.get("host"));
            this.mailFrom = test.get("mailfrom") == null ? "" : String.valueOf(test.get("mailfrom"));
            Object result = test.get("result");
            this.results = result instanceof List ? strings((List<?>) result) : List.of(String.valueOf(result));
            this.explanation = test.get("explanation") == null ? null : String.valueOf(test.get("explanation"));
            this.spec = String.valueOf(test.get("spec"));
            this.zone = zone;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private OpenSpfSuite() {
    }

    /**
     * Evaluates cases over real DNS: each case's zone served by a loopback DNS server, asked through the
     * pack's network resolver (no cache; 300 ms timeout for the suites' TIMEOUT entries).
     */
    static final class Runner implements AutoCloseable {
        private final LoopbackDnsServer server = LoopbackDnsServer.start(Zone.builder().build());
        private final DnsJavaResolver resolver = new DnsJavaResolver(DnsSettings.builder()
            .serverSpecs(List.of(server.hostAndPort()))
            .timeout(Duration.ofMillis(300))
            .retries(0)
            .build(), ForkJoinPool.commonPool());

        SpfResult evaluate(Case test) throws Exception {
            server.zone(test.zone);
            InetAddress ip = IpLiteral.parse(test.host).orElseThrow();
            return new SpfVerifier(resolver, SpfSettings.defaults())
                .checkMailFrom(ip, test.mailFrom, test.helo)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            resolver.close();
            server.close();
        }
    }

    @SuppressWarnings("unchecked")
    static List<Case> load(String resource) {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = OpenSpfSuite.class.getResourceAsStream(resource)) {
            for (Object document : new Yaml().loadAll(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                Map<String, Object> section = (Map<String, Object>) document;
                Zone zone = zone((Map<String, List<Object>>) section.getOrDefault("zonedata", Map.of()));
                String description = String.valueOf(section.get("description"));
                Map<String, Map<String, Object>> tests = (Map<String, Map<String, Object>>) section.get("tests");
                tests.forEach((name, test) -> cases.add(new Case(description, name, test, zone)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    @SuppressWarnings("unchecked")
    private static Zone zone(Map<String, List<Object>> zonedata) {
        Zone.Builder zone = Zone.builder();
        zonedata.forEach((name, entries) -> {
            boolean ownTxt = entries.stream().anyMatch(entry -> entry instanceof Map && ((Map<String, Object>) entry).containsKey("TXT"));
            boolean timeout = entries.contains("TIMEOUT");
            Set<Integer> types = new java.util.HashSet<>();
            for (Object entry : entries) {
                if (!(entry instanceof Map)) {
                    continue;
                }
                for (Map.Entry<String, Object> record : ((Map<String, Object>) entry).entrySet()) {
                    Object value = record.getValue();
                    switch (record.getKey()) {
                        case "SPF":
                            zone.spf(name, characterStrings(value));
                            types.add(Type.SPF);
                            if (!ownTxt) {
                                zone.txt(name, characterStrings(value));
                                types.add(Type.TXT);
                            }
                            break;
                        case "TXT":
                            if (!"NONE".equals(value)) {
                                zone.txt(name, characterStrings(value));
                                types.add(Type.TXT);
                            }
                            break;
                        case "A":
                            zone.a(name, String.valueOf(value));
                            types.add(Type.A);
                            break;
                        case "AAAA":
                            zone.aaaa(name, String.valueOf(value));
                            types.add(Type.AAAA);
                            break;
                        case "MX":
                            List<Object> mx = (List<Object>) value;
                            zone.mx(name, ((Number) mx.get(0)).intValue(), String.valueOf(mx.get(1)));
                            types.add(Type.MX);
                            break;
                        case "PTR":
                            zone.record(new PTRRecord(absolute(name), DClass.IN, Zone.DEFAULT_TTL, absolute(String.valueOf(value))));
                            types.add(Type.PTR);
                            break;
                        case "CNAME":
                            zone.cname(name, String.valueOf(value));
                            types.add(Type.CNAME);
                            break;
                        default:
                            throw new IllegalArgumentException("unknown zone entry " + record.getKey() + " for " + name);
                    }
                }
            }
            if (timeout) {
                TIMEOUT_TYPES.stream().filter(type -> !types.contains(type))
                    .forEach(type -> zone.fault(name, type, Zone.Fault.SILENT));
            }
        });
        return zone.build();
    }

    /** A string, or a list of strings (the character-strings of one record); long strings split at 255 octets. */
    private static String[] characterStrings(Object value) {
        List<String> strings = new ArrayList<>();
        for (String text : value instanceof List ? strings((List<?>) value) : List.of(String.valueOf(value))) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length <= 255) {
                strings.add(text);
                continue;
            }
            for (int start = 0; start < bytes.length; start += 255) {
                strings.add(new String(bytes, start, Math.min(255, bytes.length - start), StandardCharsets.UTF_8));
            }
        }
        return strings.toArray(new String[0]);
    }

    private static List<String> strings(List<?> values) {
        List<String> strings = new ArrayList<>();
        values.forEach(value -> strings.add(String.valueOf(value)));
        return strings;
    }

    private static Name absolute(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
