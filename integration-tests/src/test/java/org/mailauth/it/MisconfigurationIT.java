package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A mistake in the pack's configuration stops James at start-up, with a message that names it. */
class MisconfigurationIT {

    private static String sample() throws IOException {
        try (InputStream in = MisconfigurationIT.class.getClassLoader().getResourceAsStream("james-conf/sample-mailetcontainer.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String messages(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            text.append(cause.getMessage()).append('\n');
        }
        return text.toString();
    }

    @Test
    void aMisspelledMailetParameterStopsJamesAndIsNamed() throws Exception {
        String broken = sample().replace("<receivedSpf>true</receivedSpf>",
            "<receivedSpf>true</receivedSpf><authservid>mx.gateway.test</authservid>");
        assertThat(broken).contains("<authservid>");

        Throwable error = catchThrowable(() -> JamesHarness.builder().mailetContainer(broken).start().close());

        assertThat(error).isNotNull();
        assertThat(messages(error)).contains("org.mailauth.james.mailets.AuthenticationResults")
            .contains("unknown parameter(s) [authservid]")
            .contains("the known parameters are [authservId, receivedSpf]");
    }

    /** ARCSeal shares the KeyTable with DKIMSign, not the SigningTable: the key is the sealing domain's, not the author's. */
    @Test
    void aDkimSignParameterGivenToArcSealStopsJamesAndIsNamed() throws Exception {
        String broken = sample().replace("<keyTable>conf/dkim/KeyTable</keyTable>\n                <onError>unsealed</onError>",
            "<keyTable>conf/dkim/KeyTable</keyTable>\n                <signingTable>conf/dkim/SigningTable</signingTable>\n"
                + "                <onError>unsealed</onError>");
        assertThat(broken).contains("<signingTable>conf/dkim/SigningTable</signingTable>\n                <onError>unsealed");

        Throwable error = catchThrowable(() -> JamesHarness.builder().mailetContainer(broken).start().close());

        assertThat(error).isNotNull();
        assertThat(messages(error)).contains("org.mailauth.james.mailets.ARCSeal").contains("unknown parameter(s) [signingTable]");
    }
}
