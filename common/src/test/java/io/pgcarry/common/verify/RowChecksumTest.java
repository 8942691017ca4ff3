package io.pgcarry.common.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowChecksumTest {

  @Test
  void buildsTheRowFromQuotedColumnsInTheOrderGiven() {
    assertThat(RowChecksum.row(List.of("b", "A", "x\"y")))
        .isEqualTo("ROW(t.b, t.\"A\", t.\"x\"\"y\")");
  }

  @Test
  void boundsTheKeyWithOneParameterPerBound() {
    assertThat(KeyRange.ALL.condition("t", null)).isEqualTo("true");
    assertThat(new KeyRange(null, 10L).condition("t", "id")).isEqualTo("t.id < ?");
    assertThat(new KeyRange(10L, null).condition("t", "id")).isEqualTo("t.id >= ?");
    assertThat(new KeyRange(10L, 20L).condition("t", "Key"))
        .isEqualTo("t.\"Key\" >= ? AND t.\"Key\" < ?");
  }

  @Test
  void writesTheBoundsAsNumbersForCopy() {
    assertThat(new KeyRange(-10L, 20L).literalCondition("t", "id"))
        .isEqualTo("t.id >= -10 AND t.id < 20");
    assertThat(new KeyRange(null, 20L).literalCondition("t", "id")).isEqualTo("t.id < 20");
    assertThat(KeyRange.ALL.literalCondition("t", null)).isEqualTo("true");
    assertThat(new KeyRange(1L, null).literalCondition("t", "a?b")).isEqualTo("t.\"a?b\" >= 1");
  }

  @Test
  void rangesAreHalfOpenAndNeverEmpty() {
    KeyRange range = new KeyRange(10L, 20L);

    assertThat(range.contains(10)).isTrue();
    assertThat(range.contains(19)).isTrue();
    assertThat(range.contains(20)).isFalse();
    assertThat(new KeyRange(null, 20L).contains(Long.MIN_VALUE)).isTrue();
    assertThat(new KeyRange(10L, null).contains(Long.MAX_VALUE)).isTrue();
    assertThat(KeyRange.ALL.whole()).isTrue();
    assertThatThrownBy(() -> new KeyRange(5L, 5L)).isInstanceOf(IllegalArgumentException.class);
  }
}
