package org.mailauth.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.mailauth.arc.ArcSeal;
import org.mailauth.arc.ArcSetResult;
import org.mailauth.arc.ArcVerification;
import org.mailauth.arc.ChainValidationStatus;
import org.mailauth.arc.SignatureCheck;
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

    /**
     * The validation of a message's ARC chain (RFC 8617 §5.2): the status, N, oldest-pass, the reason, and per set (in
     * instance order) the seal's i=, d=, s=, a=, cv= with what became of its AMS and its AS.
     */
    void arcVerification(String file, ArcVerification verification) {
        if (json) {
            List<Object> sets = new ArrayList<>();
            for (ArcSetResult result : verification.sets()) {
                ArcSeal seal = result.set().seal();
                sets.add(new JsonObject()
                    .put("i", result.instance())
                    .put("d", seal.domain())
                    .put("s", seal.selector())
                    .put("a", seal.algorithm().tagValue())
                    .put("cv", seal.chainValidation().keyword())
                    .put("ams", signatureCheckJson(result.messageSignature()))
                    .put("as", signatureCheckJson(result.seal())));
            }
            out.println(new JsonObject()
                .put("file", file)
                .put("result", verification.status().keyword())
                .put("instances", verification.instances())
                .put("oldest_pass", verification.oldestPass().isPresent() ? verification.oldestPass().getAsInt() : null)
                .put("reason", verification.reason().orElse(null))
                .put("sets", sets));
        } else {
            int instances = verification.instances();
            out.println(file + ": ARC " + verification.status().keyword()
                + (verification.status() == ChainValidationStatus.NONE ? " (no ARC header fields)"
                    : " (" + instances + (instances == 1 ? " instance" : " instances")
                    + (verification.oldestPass().isPresent() ? ", oldest-pass " + verification.oldestPass().getAsInt() : "") + ")")
                + verification.reason().map(reason -> ": " + reason).orElse(""));
            for (ArcSetResult result : verification.sets()) {
                ArcSeal seal = result.set().seal();
                out.println("  i=" + result.instance() + " d=" + seal.domain() + " s=" + seal.selector() + " a=" + seal.algorithm().tagValue()
                    + " cv=" + seal.chainValidation().keyword() + ": AMS " + result.messageSignature() + ", AS " + result.seal());
            }
        }
        out.flush();
    }

    private static JsonObject signatureCheckJson(SignatureCheck check) {
        return new JsonObject().put("result", check.outcome().keyword()).put("reason", check.reason().orElse(null));
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
