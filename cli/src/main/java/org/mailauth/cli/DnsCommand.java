package org.mailauth.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

import org.mailauth.dns.DnsAnswer;
import org.mailauth.dns.DnsJavaResolver;
import org.mailauth.dns.DnsResolver;
import org.mailauth.dns.IpLiteral;
import org.mailauth.dns.QueryName;
import org.mailauth.dns.RecordType;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mailauth dns TYPE NAME...}: what the pack's resolver answers (records, NXDOMAIN, NODATA or a
 * temporary failure), for admins checking their records and as a smoke test of the resolver.
 */
@Command(name = "dns", description = "Look up DNS records the way the pack does.", mixinStandardHelpOptions = true)
final class DnsCommand {

    @ParentCommand
    private MailauthCommand root;

    @Spec
    private CommandSpec spec;

    @Command(name = "txt", mixinStandardHelpOptions = true, description = "TXT records, the character-strings of each record joined.")
    int txt(@Parameters(paramLabel = "NAME", arity = "1..*", description = "Domain names.") List<String> names) {
        return lookUp(RecordType.TXT, names, DnsResolver::txt);
    }

    @Command(name = "a", mixinStandardHelpOptions = true, description = "A (IPv4 address) records.")
    int a(@Parameters(paramLabel = "NAME", arity = "1..*", description = "Domain names.") List<String> names) {
        return lookUp(RecordType.A, names, DnsResolver::a);
    }

    @Command(name = "aaaa", mixinStandardHelpOptions = true, description = "AAAA (IPv6 address) records.")
    int aaaa(@Parameters(paramLabel = "NAME", arity = "1..*", description = "Domain names.") List<String> names) {
        return lookUp(RecordType.AAAA, names, DnsResolver::aaaa);
    }

    @Command(name = "mx", mixinStandardHelpOptions = true, description = "MX records.")
    int mx(@Parameters(paramLabel = "NAME", arity = "1..*", description = "Domain names.") List<String> names) {
        return lookUp(RecordType.MX, names, DnsResolver::mx);
    }

    @Command(name = "ptr", mixinStandardHelpOptions = true, description = "PTR records of IP addresses (the reverse name is made for you).")
    int ptr(@Parameters(paramLabel = "IP", arity = "1..*", description = "IPv4 or IPv6 addresses.") List<String> addresses) {
        for (String address : addresses) {
            if (IpLiteral.parse(address).isEmpty()) {
                throw new CommandLine.ParameterException(subcommand(RecordType.PTR), "not an IP address: " + address);
            }
        }
        return answer(RecordType.PTR, addresses, (resolver, address) -> resolver.ptr(IpLiteral.parse(address).orElseThrow()));
    }

    /** Looks up names, after refusing any that the resolver could not ask for (it would answer NXDOMAIN, misleadingly). */
    private <T> int lookUp(RecordType type, List<String> names, Lookup<T> lookup) {
        for (String name : names) {
            if (!QueryName.isValid(name)) {
                throw new CommandLine.ParameterException(subcommand(type), "not a valid domain name: '" + name + "'");
            }
        }
        return answer(type, names, lookup);
    }

    private CommandLine subcommand(RecordType type) {
        return spec.subcommands().get(type.name().toLowerCase(Locale.ROOT));
    }

    private <T> int answer(RecordType type, List<String> names, Lookup<T> lookup) {
        Output output = root.output(spec.commandLine().getOut());
        try (DnsJavaResolver resolver = new DnsJavaResolver(root.dnsSettings())) {
            List<CompletionStage<DnsAnswer<T>>> answers = names.stream()
                .map(name -> lookup.apply(resolver, name))
                .collect(java.util.stream.Collectors.toList());
            for (int i = 0; i < names.size(); i++) {
                output.dnsAnswer(names.get(i), type, answers.get(i).toCompletableFuture().join());
            }
        }
        return MailauthCommand.EXIT_OK;
    }

    @FunctionalInterface
    private interface Lookup<T> {
        CompletionStage<DnsAnswer<T>> apply(DnsResolver resolver, String name);
    }
}
