package org.mailauth.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 8601 §2.5. */
class AuthservIdTest {

    @Test
    void authservIdsCompareWithoutRegardToCase() {
        assertThat(AuthservId.of("MX.Example.COM").matches("mx.example.com")).isTrue();
        assertThat(AuthservId.of("mx.example.com")).isEqualTo(AuthservId.of("MX.EXAMPLE.COM"));
    }

    @Test
    void anAuthservIdIsOneToken() {
        assertThatThrownBy(() -> AuthservId.of("mx example")).hasMessageContaining("single token");
        assertThatThrownBy(() -> AuthservId.of("mx;example")).hasMessageContaining("single token");
        assertThatThrownBy(() -> AuthservId.of("")).hasMessageContaining("single token");
    }
}
