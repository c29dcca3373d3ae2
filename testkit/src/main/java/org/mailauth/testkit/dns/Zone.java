package org.mailauth.testkit.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The DNS data a {@link LoopbackDnsServer} answers from: records by owner name, and faults (SERVFAIL,
 * silence, garbage) for chosen names or name/type pairs. Immutable; build one with {@link #builder()}.
 *
 * <p>A name that owns records, or that is an ancestor of a name that does (an empty non-terminal), exists:
 * a query for a type it lacks gets NODATA. Any other name gets NXDOMAIN. Negative answers carry a SOA
 * whose minimum is the zone's negative TTL (RFC 2308 §3).
 */
public final class Zone {

    /** What the server does instead of answering from the records. */
    public enum Fault {
        /** Answer with RCODE SERVFAIL. */
        SERVFAIL,
        /** Send no answer at all: the client times out. */
        SILENT,
        /** Answer with bytes that are not a DNS message (right ID, broken body). */
        GARBAGE
    }

    /** A fault applies to every type of a name when registered with this type. */
    public static final int ANY_TYPE = Type.ANY;

    public static final long DEFAULT_TTL = 300;

    private final Map<Name, List<Record>> records;
    private final Map<FaultKey, Fault> faults;
    private final Set<Name> existingNames;
    private final long negativeTtl;
    private final boolean authenticated;

    private Zone(Builder builder) {
        Map<Name, List<Record>> copy = new HashMap<>();
        builder.records.forEach((name, list) -> copy.put(name, List.copyOf(list)));
        this.records = Collections.unmodifiableMap(copy);
        this.faults = Map.copyOf(builder.faults);
        this.existingNames = records.keySet().stream()
            .flatMap(Zone::selfAndAncestors)
            .collect(Collectors.toUnmodifiableSet());
        this.negativeTtl = builder.negativeTtl;
        this.authenticated = builder.authenticated;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Records of exactly this owner name and type (CNAMEs are not followed here). */
    public List<Record> records(Name name, int type) {
        return records.getOrDefault(normalize(name), List.of()).stream()
            .filter(record -> record.getType() == type)
            .collect(Collectors.toList());
    }

    public Optional<Name> cnameTarget(Name name) {
        return records(name, Type.CNAME).stream()
            .map(record -> ((CNAMERecord) record).getTarget())
            .findFirst();
    }

    public boolean exists(Name name) {
        return existingNames.contains(normalize(name));
    }

    public Optional<Fault> fault(Name name, int type) {
        Name key = normalize(name);
        Fault specific = faults.get(new FaultKey(key, type));
        return Optional.ofNullable(specific != null ? specific : faults.get(new FaultKey(key, ANY_TYPE)));
    }

    public long negativeTtl() {
        return negativeTtl;
    }

    /** Whether answers carry the AD (authentic data) bit, as from a validating resolver. */
    public boolean authenticated() {
        return authenticated;
    }

    static Name normalize(Name name) {
        try {
            return Name.fromString(name.toString().toLowerCase(Locale.ROOT));
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static java.util.stream.Stream<Name> selfAndAncestors(Name name) {
        List<Name> names = new ArrayList<>();
        for (int labels = name.labels(); labels >= 1; labels--) {
            names.add(new Name(name, name.labels() - labels));
        }
        return names.stream();
    }

    private static final class FaultKey {
        private final Name name;
        private final int type;

        FaultKey(Name name, int type) {
            this.name = name;
            this.type = type;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FaultKey && ((FaultKey) other).name.equals(name) && ((FaultKey) other).type == type;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + type;
        }
    }

    /** Collects records and faults. Names are absolute; a trailing dot is optional. */
    public static final class Builder {
        private final Map<Name, List<Record>> records = new HashMap<>();
        private final Map<FaultKey, Fault> faults = new HashMap<>();
        private long ttl = DEFAULT_TTL;
        private long negativeTtl = DEFAULT_TTL;
        private boolean authenticated;

        private Builder() {
        }

        /** TTL of the records added after this call. */
        public Builder ttl(long seconds) {
            this.ttl = seconds;
            return this;
        }

        /** The SOA minimum of negative answers, which resolvers use as the negative-cache TTL. */
        public Builder negativeTtl(long seconds) {
            this.negativeTtl = seconds;
            return this;
        }

        public Builder authenticated(boolean authenticated) {
            this.authenticated = authenticated;
            return this;
        }

        /**
         * One TXT record made of the given character-strings, taken literally (UTF-8, no escapes; each at
         * most 255 octets).
         */
        public Builder txt(String name, String... strings) {
            return record(Record.newRecord(name(name), Type.TXT, DClass.IN, ttl, characterStrings(List.of(strings))));
        }

        /** One TXT record holding {@code text} split into as many 255-octet character-strings as it needs. */
        public Builder longTxt(String name, String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            List<String> chunks = new ArrayList<>();
            for (int start = 0; start < bytes.length; start += 255) {
                chunks.add(new String(bytes, start, Math.min(255, bytes.length - start), StandardCharsets.UTF_8));
            }
            return txt(name, chunks.toArray(new String[0]));
        }

        /** One type-99 SPF record (RFC 7208 §3.1 says it is not used; tests prove it). */
        public Builder spf(String name, String... strings) {
            return record(Record.newRecord(name(name), Type.SPF, DClass.IN, ttl, characterStrings(List.of(strings))));
        }

        public Builder a(String name, String address) {
            return record(new ARecord(name(name), DClass.IN, ttl, address(address)));
        }

        public Builder aaaa(String name, String address) {
            return record(new AAAARecord(name(name), DClass.IN, ttl, address(address)));
        }

        public Builder mx(String name, int preference, String exchange) {
            return record(new MXRecord(name(name), DClass.IN, ttl, preference, name(exchange)));
        }

        /** A PTR record for the reverse name of {@code address} (in-addr.arpa or ip6.arpa). */
        public Builder ptr(String address, String target) {
            return record(new PTRRecord(ReverseMap.fromAddress(address(address)), DClass.IN, ttl, name(target)));
        }

        public Builder cname(String name, String target) {
            return record(new CNAMERecord(name(name), DClass.IN, ttl, name(target)));
        }

        public Builder record(Record record) {
            records.computeIfAbsent(normalize(record.getName()), key -> new ArrayList<>()).add(record);
            return this;
        }

        /** Every query for {@code name} meets {@code fault}. */
        public Builder fault(String name, Fault fault) {
            return fault(name, ANY_TYPE, fault);
        }

        /** Queries for {@code name} and {@code type} (a {@link Type} constant) meet {@code fault}. */
        public Builder fault(String name, int type, Fault fault) {
            faults.put(new FaultKey(normalize(name(name)), type), fault);
            return this;
        }

        /** RFC 1035 §3.3: each character-string is a length octet followed by that many octets. */
        private static byte[] characterStrings(List<String> strings) {
            java.io.ByteArrayOutputStream rdata = new java.io.ByteArrayOutputStream();
            for (String string : strings) {
                byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
                if (bytes.length > 255) {
                    throw new IllegalArgumentException("a character-string holds at most 255 octets: " + string);
                }
                rdata.write(bytes.length);
                rdata.write(bytes, 0, bytes.length);
            }
            return rdata.toByteArray();
        }

        public Zone build() {
            return new Zone(this);
        }

        private static Name name(String name) {
            try {
                return Name.fromString(name.endsWith(".") ? name : name + ".");
            } catch (TextParseException e) {
                throw new IllegalArgumentException("not a domain name: " + name, e);
            }
        }

        private static InetAddress address(String literal) {
            int family = literal.contains(":") ? Address.IPv6 : Address.IPv4;
            byte[] bytes = Address.toByteArray(literal, family);
            if (bytes == null) {
                throw new IllegalArgumentException("not an IP address: " + literal);
            }
            try {
                return InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + literal, e);
            }
        }
    }
}
