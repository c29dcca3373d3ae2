package org.mailauth.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.junit.jupiter.api.Test;

/** The project's sample-smtpserver.xml: every server has the syntax hook, and the hook's parameters are ones it reads. */
class SampleSmtpServerTest {

    private static XMLConfiguration sample() throws Exception {
        XMLConfiguration configuration = new XMLConfiguration();
        try (Reader reader = Files.newBufferedReader(Path.of("..", "sample-smtpserver.xml"))) {
            new org.apache.commons.configuration2.io.FileHandler(configuration).load(reader);
        }
        return configuration;
    }

    @Test
    void everyServerRefusesControlCharactersAndTheInternetOneAuthenticates() throws Exception {
        List<HierarchicalConfiguration<ImmutableNode>> servers = sample().configurationsAt("smtpserver");

        assertThat(servers).hasSize(3).allSatisfy(server -> assertThat(server.getList(String.class, "handlerchain.handler[@class]"))
            .startsWith(ArgumentSyntax.class.getName()).endsWith("org.apache.james.smtpserver.CoreCmdHandlerLoader"));
        assertThat(servers.stream().map(server -> server.getList(String.class, "handlerchain.handler[@class]"))
            .filter(handlers -> handlers.contains(AuthenticationHook.class.getName())).collect(Collectors.toList())).hasSize(1);
    }

    @Test
    void theAuthenticationHooksParametersAreTheOnesItReads() throws Exception {
        for (HierarchicalConfiguration<ImmutableNode> handler : sample().configurationsAt("smtpserver.handlerchain.handler")) {
            if (AuthenticationHook.class.getName().equals(handler.getString("[@class]"))) {
                new AuthenticationHook(null, null).init(handler);
            }
        }
    }
}
