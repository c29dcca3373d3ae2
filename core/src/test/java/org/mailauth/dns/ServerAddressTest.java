package org.mailauth.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

class ServerAddressTest {

    @Test
    void thePortDefaultsTo53() {
        assertThat(ServerAddress.format(ServerAddress.parse("192.0.2.53"))).isEqualTo("192.0.2.53:53");
    }

    @Test
    void hostAndPortAreSeparatedByAColon() {
        InetSocketAddress address = ServerAddress.parse("127.0.0.1:5353");

        assertThat(address.getPort()).isEqualTo(5353);
        assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void ipv6AddressesAreBracketedWhenAPortFollows() {
        assertThat(ServerAddress.format(ServerAddress.parse("[::1]:5353"))).isEqualTo("[0:0:0:0:0:0:0:1]:5353");
        assertThat(ServerAddress.parse("2001:db8::53").getPort()).isEqualTo(53);
    }

    @Test
    void badPortsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ServerAddress.parse("127.0.0.1:99999")).hasMessageContaining("invalid port");
        assertThatThrownBy(() -> ServerAddress.parse("127.0.0.1:dns")).hasMessageContaining("invalid port");
        assertThatThrownBy(() -> ServerAddress.parse(" ")).hasMessageContaining("empty");
    }
}
