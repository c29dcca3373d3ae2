package org.mailauth.arc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.mailauth.results.MethodResult;

/**
 * The validation of a message's Authenticated Received Chain (RFC 8617 §5.2): the Chain Validation Status with the
 * reason when it is not {@code pass}, N, the oldest instance whose AMS still verifies (§5.2 step 5; 0 when all do),
 * and each set with its signature checks.
 */
public final class ArcVerification {

    private final ChainValidationStatus status;
    private final Optional<String> reason;
    private final int instances;
    private final OptionalInt oldestPass;
    private final List<ArcSetResult> sets;

    ArcVerification(ChainValidationStatus status, Optional<String> reason, int instances, OptionalInt oldestPass, List<ArcSetResult> sets) {
        this.status = Objects.requireNonNull(status);
        this.reason = Objects.requireNonNull(reason);
        this.instances = instances;
        this.oldestPass = oldestPass;
        this.sets = List.copyOf(sets);
    }

    /** A message without ARC header fields. */
    public static ArcVerification none() {
        return new ArcVerification(ChainValidationStatus.NONE, Optional.empty(), 0, OptionalInt.empty(), List.of());
    }

    /** A validation as it was kept (a mail's attributes): its outcome without the sets. */
    public static ArcVerification summary(ChainValidationStatus status, Optional<String> reason, int instances, OptionalInt oldestPass) {
        return new ArcVerification(status, reason, instances, oldestPass, List.of());
    }

    /** A chain that fails before any signature is examined, or that could not be examined at all. */
    public static ArcVerification failed(String reason, int instances) {
        return new ArcVerification(ChainValidationStatus.FAIL, Optional.of(reason), instances, OptionalInt.empty(), List.of());
    }

    public ChainValidationStatus status() {
        return status;
    }

    /** Why the chain fails. */
    public Optional<String> reason() {
        return reason;
    }

    /** N, the highest instance found (0 without a chain). */
    public int instances() {
        return instances;
    }

    /** header.oldest-pass (RFC 8617 §6): present when the latest AMS verified. */
    public OptionalInt oldestPass() {
        return oldestPass;
    }

    /** The sets 1..N with their checks; empty when the chain failed before signatures were examined. */
    public List<ArcSetResult> sets() {
        return sets;
    }

    /**
     * The {@code arc=} resinfo (RFC 8617 §6, §10): the status, with {@code smtp.remote-ip} when known and
     * {@code header.oldest-pass} when the chain passes.
     */
    public MethodResult authenticationResult(Optional<String> remoteIp) {
        List<MethodResult.Property> properties = new ArrayList<>();
        remoteIp.ifPresent(ip -> properties.add(new MethodResult.Property("smtp", "remote-ip", ip)));
        if (status == ChainValidationStatus.PASS) {
            oldestPass.ifPresent(oldest -> properties.add(new MethodResult.Property("header", "oldest-pass", Integer.toString(oldest))));
        }
        return new MethodResult("arc", status.keyword(), reason, properties);
    }

    @Override
    public String toString() {
        return status.keyword() + (instances > 0 ? " i=" + instances : "") + reason.map(why -> " (" + why + ")").orElse("");
    }
}
