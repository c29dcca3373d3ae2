package org.mailauth.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.Test;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.dns.RecordType;
import org.mailauth.james.verdicts.AuthenticationAttributes;
import org.mailauth.james.verdicts.DmarcReporting;
import org.mailauth.james.verdicts.TestMails;
import org.mailauth.report.DestinationVerification;
import org.mailauth.report.FailureReportLimiter;
import org.mailauth.report.ReportCollector;
import org.mailauth.report.ReportingSettings;
import org.mailauth.results.AuthservId;

/**
 * At the end of DATA (RFC 5321 §4.1.1.4): a DMARC reject is refused with 550 5.7.1 and counted for the reports once,
 * with disposition reject; what is accepted keeps its authentication on the Mail for the mailet container; relay-allowed
 * sessions are never refused; the hook's own failure accepts the mail.
 */
class AuthenticationHookTest {

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all")
        .txt("sel._domainkey.example.org", TestMails.KEY.publicKeyRecord())
        .txt("_dmarc.example.org", "v=DMARC1; p=reject; rua=mailto:dmarc@example.org")
        .build();
    private final ReportCollector collector = new ReportCollector(100);

    private AuthenticationHook hook() {
        Clock clock = Clock.systemUTC();
        DmarcReporting reporting = new DmarcReporting(collector, ReportingSettings.builder().build(), DmarcMode.RFC9989, clock,
            new DestinationVerification(dns, DmarcSettings.defaults()), new FailureReportLimiter(1, Duration.ofHours(1), clock),
            FakeMailContext.defaultContext(), AuthservId.of("mx.gateway.test"));
        return new AuthenticationHook(TestMails.verdicts(dns), reporting);
    }

    private static SMTPSession session(String ip, boolean relayAllowed, Username user) {
        return (SMTPSession) Proxy.newProxyInstance(SMTPSession.class.getClassLoader(), new Class<?>[] {SMTPSession.class},
            (proxy, method, args) -> {
                switch (method.getName()) {
                    case "getRemoteAddress":
                        return new InetSocketAddress(ip, 40000);
                    case "getAttachment":
                        return Optional.of("mail.example.org");
                    case "isRelayingAllowed":
                        return relayAllowed;
                    case "getUsername":
                        return user;
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });
    }

    /** As DataLineJamesMessageHookHandler makes it: sender and recipients, none of the SMTP attributes yet. */
    private static Mail arriving(String message) throws Exception {
        return FakeMail.builder().name("m").mimeMessage(TestMails.mime(message)).sender("alice@example.org")
            .recipient("bob@gateway.test").build();
    }

    @Test
    void aSpoofOfARejectDomainIsRefusedAndCountedOnce() throws Exception {
        HookResult result = hook().onMessage(session("198.51.100.9", false, null), arriving(TestMails.MESSAGE));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).isEqualTo("5.7.1 Message refused: the DMARC policy of example.org says reject (RFC 9989)");
        assertThat(collector.pendingMessages()).isEqualTo(1);
    }

    @Test
    void anAlignedMessageIsAcceptedWithItsAuthenticationKeptForTheContainer() throws Exception {
        Mail mail = arriving(TestMails.signed(TestMails.MESSAGE));

        assertThat(hook().onMessage(session("192.0.2.7", false, null), mail)).isEqualTo(HookResult.DECLINED);
        assertThat(AuthenticationAttributes.read(mail)).map(authentication -> authentication.dmarc().code().keyword()).hasValue("pass");
        assertThat(collector.pendingMessages()).as("the DMARCReports mailet counts accepted mail").isZero();
        assertThat(dns.lookups("example.org", RecordType.TXT)).isEqualTo(1);
    }

    @Test
    void relayAllowedAndAuthenticatedSessionsAreNeverRefusedNorChecked() throws Exception {
        assertThat(hook().onMessage(session("198.51.100.9", true, null), arriving(TestMails.MESSAGE))).isEqualTo(HookResult.DECLINED);
        assertThat(hook().onMessage(session("198.51.100.9", false, Username.of("alice@example.org")), arriving(TestMails.MESSAGE)))
            .isEqualTo(HookResult.DECLINED);
        assertThat(dns.lookups()).isZero();
    }

    @Test
    void theHooksOwnFailureAcceptsTheMail() throws Exception {
        SMTPSession broken = (SMTPSession) Proxy.newProxyInstance(SMTPSession.class.getClassLoader(), new Class<?>[] {SMTPSession.class},
            (proxy, method, args) -> {
                throw new IllegalStateException("no session");
            });

        assertThat(hook().onMessage(broken, arriving(TestMails.MESSAGE))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void anUnknownParameterStopsJamesNamingIt() {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("[@class]", AuthenticationHook.class.getName());
        configuration.addProperty("tempeError", "defer");

        assertThatThrownBy(() -> hook().init(configuration)).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("unknown parameter(s) [tempeError]");
    }

    @Test
    void theParametersChooseWhatIsRefused() throws Exception {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("temperror", "defer");
        AuthenticationHook hook = hook();
        hook.init(configuration);

        assertThat(hook.onMessage(session("198.51.100.9", false, null), arriving(TestMails.MESSAGE)).getSmtpRetCode()).isEqualTo("550");
    }
}
