package io.orchestrate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The scheme of a manager address follows whether the client speaks TLS, and never the other way. */
class ManagerAddressTest {
  @Test
  void aBareAddressGetsTheClientsScheme() {
    assertThat(ManagerAddress.parse("10.0.0.1:8080")).isEqualTo(URI.create("http://10.0.0.1:8080"));
    assertThat(ManagerAddress.parse("10.0.0.1:8080", true)).isEqualTo(URI.create("https://10.0.0.1:8080"));
    assertThat(ManagerAddress.parse("https://m1.internal:8080/", true)).isEqualTo(URI.create("https://m1.internal:8080"));
  }

  @Test
  void theOtherSchemeIsRefusedSayingWhatToDo() {
    assertThatThrownBy(() -> ManagerAddress.parse("http://10.0.0.1:8080", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("with TLS (--ca, --cert, --key) the address is https://");
    assertThatThrownBy(() -> ManagerAddress.parse("https://10.0.0.1:8080"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give --ca, --cert and --key for https");
  }
}
