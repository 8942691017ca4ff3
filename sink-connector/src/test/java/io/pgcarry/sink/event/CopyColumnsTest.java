package io.pgcarry.sink.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.sink.value.ValueConversionException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyColumnsTest {

  @Test
  void keepsTheFlaggedFieldsOfEveryRowWithEscapedTabsNullsAndMultibyteText() {
    byte[] rows = "1\ta\\tb\t\\N\n2\tü€\tx\\ny\n".getBytes(StandardCharsets.UTF_8);

    byte[] kept = CopyColumns.keep(rows, new boolean[] {true, false, true});

    assertThat(new String(kept, StandardCharsets.UTF_8)).isEqualTo("1\t\\N\n2\tx\\ny\n");
    assertThat(
            new String(
                CopyColumns.keep(rows, new boolean[] {false, true, false}), StandardCharsets.UTF_8))
        .isEqualTo("a\\tb\nü€\n");
  }

  @Test
  void refusesRowsWithAnotherNumberOfFields() {
    byte[] rows = "1\ta\n".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> CopyColumns.keep(rows, new boolean[] {true, false, true}))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("3 fields");
  }
}
