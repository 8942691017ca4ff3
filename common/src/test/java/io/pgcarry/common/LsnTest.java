package io.pgcarry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LsnTest {

  @Test
  void roundTripsTextForm() {
    assertThat(Lsn.parse("16/B374D848").toString()).isEqualTo("16/B374D848");
    assertThat(Lsn.parse("0/0")).isEqualTo(Lsn.ZERO);
  }

  @Test
  void comparesAsUnsigned() {
    assertThat(Lsn.parse("FFFFFFFF/0").isAfter(Lsn.parse("1/0"))).isTrue();
    assertThat(Lsn.parse("0/10").compareTo(Lsn.parse("0/9"))).isPositive();
  }

  @Test
  void rejectsMalformedText() {
    assertThatThrownBy(() -> Lsn.parse("12345")).hasMessageContaining("X/Y");
  }
}
