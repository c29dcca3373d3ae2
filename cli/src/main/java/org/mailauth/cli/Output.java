package org.mailauth.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dns.DnsAnswer;
import org.mailauth.dns.IpLiteral;
import org.mailauth.dns.MxHost;
import org.mailauth.dns.RecordType;
import org.mailauth.spf.SpfResult;

/** Writes results for people (text) or for scripts (one JSON object per result, one per line). */
final class Output {

    private final PrintWriter out;
    private final boolean json;

    Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    void dnsAnswer(String name, RecordType type, DnsAnswer<?> answer) {
        if (json) {
            JsonObject object = new JsonObject()
                .put("name", name)
                .put("type", type.name())
                .put("answer", answer.kind().name().toLowerCase(Locale.ROOT));
            if (answer.isTemporaryFailure()) {
                object.put("reason", answer.detail());
            } else {
                object.put("ttl", answer.ttl().getSeconds());
            }
            if (answer.hasRecords()) {
                object.put("authentic", answer.authentic());
                object.put("records", answer.records().stream().map(Output::jsonRecord).collect(Collectors.toList()));
            }
            out.println(object);
        } else {
            out.println(name + " " + type + ": " + summary(type, answer));
            answer.records().forEach(record -> out.println("  " + textRecord(record)));
        }
        out.flush();
    }

    void spfResult(SpfResult result, String receiver, String envelopeFrom) {
        if (json) {
            out.println(spfJson(result, receiver, envelopeFrom));
        } else {
            out.println("SPF " + result.code().keyword() + " for " + result.sender() + " from "
                + IpLiteral.format(result.clientIp()) + " (identity " + result.identity().keyword() + ", domain "
                + result.domain() + ")");
            result.mechanism().ifPresent(mechanism -> out.println("  mechanism:   " + mechanism));
            result.explanation().ifPresent(explanation -> out.println("  explanation: " + explanation));
            result.problem().ifPresent(problem -> out.println("  problem:     " + problem));
            out.println("  lookups:     " + result.lookups() + " DNS-querying terms, " + result.voidLookups() + " void");
            out.println("Received-SPF: " + result.receivedSpf(receiver, envelopeFrom));
        }
        out.flush();
    }

    void dkimVerification(String file, DkimVerification verification) {
        if (json) {
            List<Object> signatures = new ArrayList<>();
            for (DkimSignatureResult signature : verification.signatures()) {
                signatures.add(new JsonObject()
                    .put("d", signature.domain())
                    .put("s", signature.selector())
                    .put("a", signature.algorithm())
                    .put("i", signature.identity().orElse(null))
                    .put("result", signature.result().keyword())
                    .put("reason", signature.reason().orElse(null))
                    .put("key_bits", signature.keyBits().isPresent() ? signature.keyBits().getAsInt() : null)
                    .put("testing", signature.testing()));
            }
            out.println(new JsonObject().put("file", file).put("result", verification.verdict().keyword()).put("signatures", signatures));
        } else {
            out.println(file + ": DKIM " + verification.verdict().keyword() + " (" + verification.signatures().size()
                + (verification.signatures().size() == 1 ? " signature)" : " signatures)"));
            for (DkimSignatureResult signature : verification.signatures()) {
                out.println("  " + signature.result().keyword() + " d=" + signature.domain() + " s=" + signature.selector()
                    + " a=" + signature.algorithm()
                    + (signature.keyBits().isPresent() ? " key=" + signature.keyBits().getAsInt() + " bits" : "")
                    + (signature.testing() ? " testing" : "")
                    + signature.reason().map(reason -> " (" + reason + ")").orElse(""));
            }
        }
        out.flush();
    }

    /** The fields of {@code mailauth spf --json}, one object per result. */
    static JsonObject spfJson(SpfResult result, String receiver, String envelopeFrom) {
        return new JsonObject()
            .put("result", result.code().keyword())
            .put("identity", result.identity().keyword())
            .put("sender", result.sender())
            .put("domain", result.domain())
            .put("ip", IpLiteral.format(result.clientIp()))
            .put("explanation", result.explanation().orElse(null))
            .put("mechanism", result.mechanism().orElse(null))
            .put("problem", result.problem().orElse(null))
            .put("lookups", result.lookups())
            .put("void_lookups", result.voidLookups())
            .put("received_spf", "Received-SPF: " + result.receivedSpf(receiver, envelopeFrom));
    }

    private static String summary(RecordType type, DnsAnswer<?> answer) {
        switch (answer.kind()) {
            case RECORDS:
                int count = answer.records().size();
                return count + (count == 1 ? " record" : " records") + ", ttl " + answer.ttl().getSeconds() + " s"
                    + (answer.authentic() ? ", authentic (DNSSEC)" : "");
            case NXDOMAIN:
                return "NXDOMAIN (the name does not exist), negative ttl " + answer.ttl().getSeconds() + " s";
            case NODATA:
                return "NODATA (the name exists but has no " + type + " records), negative ttl "
                    + answer.ttl().getSeconds() + " s";
            default:
                return "temporary failure: " + answer.detail();
        }
    }

    private static Object jsonRecord(Object record) {
        if (record instanceof MxHost) {
            MxHost mx = (MxHost) record;
            return new JsonObject().put("preference", mx.preference()).put("exchange", mx.exchange());
        }
        return textRecord(record);
    }

    private static String textRecord(Object record) {
        if (record instanceof InetAddress) {
            return ((InetAddress) record).getHostAddress();
        }
        return record.toString();
    }
}
