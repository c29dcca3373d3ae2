package org.mailauth.arc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mailauth.dns.InMemoryDnsResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The ValiMail ARC test suite (src/test/resources/arc, MIT): scenarios of tests sharing their DNS records (the
 * validation suite's {@code txt_records}, the signing suite's {@code txt-records}) and, for signing, a domain,
 * selector and private key. Messages are written with LF line ends; they are given CRLF as on the wire.
 */
final class ArcSuite {

    /** One test of a scenario: its name, fields and the scenario's DNS. */
    static final class Case {
        final String scenario;
        final String name;
        final Map<String, Object> test;
        final Map<String, Object> scenarioFields;

        Case(String scenario, String name, Map<String, Object> test, Map<String, Object> scenarioFields) {
            this.scenario = scenario;
            this.name = name;
            this.test = test;
            this.scenarioFields = scenarioFields;
        }

        String text(String field) {
            Object value = test.get(field);
            return value == null ? null : value.toString();
        }

        byte[] message() {
            return crlf(text("message")).getBytes(StandardCharsets.UTF_8);
        }

        @SuppressWarnings("unchecked")
        InMemoryDnsResolver dns() {
            Object records = scenarioFields.getOrDefault("txt_records", scenarioFields.get("txt-records"));
            InMemoryDnsResolver.Builder dns = InMemoryDnsResolver.builder();
            ((Map<String, Object>) records).forEach((name, text) -> dns.txt(name, text.toString().replace("\n", "")));
            return dns.build();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private ArcSuite() {
    }

    static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    @SuppressWarnings("unchecked")
    static List<Case> load(String resource) {
        List<Case> cases = new ArrayList<>();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        try (InputStream in = ArcSuite.class.getResourceAsStream(resource)) {
            for (Object document : new Yaml(options).loadAll(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                Map<String, Object> scenario = (Map<String, Object>) document;
                String description = scenario.get("description").toString().trim();
                ((Map<String, Object>) scenario.get("tests")).forEach((name, test) ->
                    cases.add(new Case(description, name, (Map<String, Object>) test, scenario)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }
}
