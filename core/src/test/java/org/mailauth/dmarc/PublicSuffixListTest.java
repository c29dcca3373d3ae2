package org.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The Public Suffix List's own test vectors (tests/tests.txt, CC0; see src/test/resources/psl/NOTICE) against the
 * bundled list: the registrable domain, i.e. the RFC 7489 §3.2 Organizational Domain.
 */
class PublicSuffixListTest {

    private static final PublicSuffixList LIST = PublicSuffixList.bundled();

    static List<Arguments> vectors() throws IOException {
        List<Arguments> vectors = new ArrayList<>();
        try (InputStream in = PublicSuffixListTest.class.getResourceAsStream("/psl/psl-tests.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("//")) {
                    continue;
                }
                String[] pair = trimmed.split("\\s+");
                vectors.add(Arguments.of(pair[0], pair[1]));
            }
        }
        return vectors;
    }

    /** Inputs that are no host name (null, a leading dot) have no registrable domain, as "null" says. */
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("vectors")
    void theRegistrableDomainIsThePublicSuffixPlusOneLabel(String input, String expected) {
        Optional<String> domain = input.equals("null") ? Optional.empty() : AuthorDomains.aLabels(input);
        Optional<String> registrable = domain.flatMap(LIST::registrableDomain);

        assertThat(registrable).isEqualTo(expected.equals("null") ? Optional.empty() : AuthorDomains.aLabels(expected));
    }

    @Test
    void aPublicSuffixIsItsOwnOrganizationalDomain() {
        assertThat(LIST.organizationalDomain("co.uk")).isEqualTo("co.uk");
        assertThat(LIST.organizationalDomain("mail.example.co.uk")).isEqualTo("example.co.uk");
    }

    @Test
    void vectorsAreThere() throws IOException {
        assertThat(vectors()).hasSizeGreaterThan(70);
    }
}
