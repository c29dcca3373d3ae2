package org.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The Author Domain: the domain of RFC5322.From (RFC 9989 §3.2.2, §5.3.1, §11.5; RFC 5322 §3.4). */
class AuthorDomainsTest {

    private static AuthorDomains of(String... fromBodies) {
        return AuthorDomains.of(List.of(fromBodies));
    }

    @Test
    void theDomainOfTheSingleMailboxIsTheAuthorDomain() {
        assertThat(of("alice@example.com").domains()).containsExactly("example.com");
        assertThat(of(" Alice Example <Alice@Mail.Example.COM>").domains()).containsExactly("mail.example.com");
        assertThat(of("\"Example, Alice (HR)\" <alice@example.com>").domains()).containsExactly("example.com");
    }

    @Test
    void commentsQuotedStringsAndFoldingDoNotConfuseTheAddress() {
        assertThat(of("(the boss) \"bob@evil.example\" <alice@example.com> (really)").domains()).containsExactly("example.com");
        assertThat(of("alice@example.com (Alice (nested) \\) Example)").domains()).containsExactly("example.com");
        assertThat(of("Alice\r\n <alice@example.com>").domains()).containsExactly("example.com");
        assertThat(of("\"very.(),:;<>[]\\\".unusual\"@example.com").domains()).containsExactly("example.com");
    }

    @Test
    void anObsoleteRouteIsNotTheAuthorDomain() {
        assertThat(of("<@relay.example,@other.example:alice@example.com>").domains()).containsExactly("example.com");
    }

    @Test
    void aDomainInUnicodeBecomesItsALabels() {
        assertThat(of("Jürgen <juergen@bücher.example>").domains()).containsExactly("xn--bcher-kva.example");
        assertThat(of("user@XN--BCHER-KVA.example").domains()).containsExactly("xn--bcher-kva.example");
    }

    @Test
    void unicodeDomainsAreConvertedByIdna2008SoStrasseWithSharpSIsItsOwnDomain() {
        assertThat(of("Kasse <kasse@straße.de>").domains()).containsExactly("xn--strae-oqa.de");
        assertThat(of("spoof@☃.example").domains()).isEmpty();
    }

    @Test
    void aFinalDotIsDropped() {
        assertThat(of("alice@example.com.").domains()).containsExactly("example.com");
    }

    @Test
    void withoutAFromFieldThereIsNoAuthorDomain() {
        AuthorDomains none = AuthorDomains.of(List.of());

        assertThat(none.domains()).isEmpty();
        assertThat(none.problem()).hasValue("the message has no From field");
    }

    @Test
    void anUnreadableFromFieldGivesNoAuthorDomain() {
        for (String body : List.of("", "alice", "Alice <alice@example.com", "\"Alice <alice@example.com>", "alice@",
            "alice@[192.0.2.1]", "alice@exa mple.com", "alice@-example.com", "undisclosed-recipients:;", "alice@example..com")) {
            AuthorDomains domains = of(body);

            assertThat(domains.domains()).as(body).isEmpty();
            assertThat(domains.problem()).as(body).isPresent();
        }
    }

    @Test
    void severalMailboxesOfOneDomainAreOneAuthorDomain() {
        assertThat(of("alice@example.com, Bob <bob@EXAMPLE.com>").domains()).containsExactly("example.com");
    }

    @Test
    void severalMailboxesOfSeveralDomainsGiveEveryDomain() {
        assertThat(of("alice@example.com, mallory@evil.example").domains()).containsExactly("example.com", "evil.example");
        assertThat(of("friends: alice@example.com, bob@example.net;").domains()).containsExactly("example.com", "example.net");
    }

    @Test
    void severalFromFieldsGiveTheDomainsOfAll() {
        AuthorDomains domains = of("mallory@evil.example", "alice@example.com");

        assertThat(domains.domains()).containsExactly("evil.example", "example.com");
        assertThat(domains.fromFields()).isEqualTo(2);
    }

    @Test
    void oneUnreadableFromFieldAmongSeveralMakesThemAllUnusable() {
        assertThat(of("alice@example.com", "garbage").domains()).isEmpty();
    }
}
