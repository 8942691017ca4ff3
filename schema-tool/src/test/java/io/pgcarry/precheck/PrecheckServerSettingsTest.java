package io.pgcarry.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrecheckServerSettingsTest {

  @Test
  void convertsSizeSettingsToBytesByTheirUnit() {
    ServerSettings settings =
        new ServerSettings(
            Map.of("max_slot_wal_keep_size", "64", "shared_buffers", "16384"),
            Map.of("max_slot_wal_keep_size", "MB", "shared_buffers", "8kB"));

    assertThat(settings.bytes("max_slot_wal_keep_size")).contains(64L << 20);
    assertThat(settings.bytes("shared_buffers")).contains(128L << 20);
  }

  @Test
  void keepsMinusOneAsUnlimitedAndLeavesUnknownSettingsEmpty() {
    ServerSettings settings =
        new ServerSettings(
            Map.of("max_slot_wal_keep_size", "-1"), Map.of("max_slot_wal_keep_size", "MB"));

    assertThat(settings.bytes("max_slot_wal_keep_size")).contains(-1L);
    assertThat(settings.bytes("no_such_setting")).isEmpty();
  }

  @Test
  void formatsBytesTheWayPgSizePrettyDoes() {
    assertThat(Bytes.format(512)).isEqualTo("512 bytes");
    assertThat(Bytes.format(1536)).isEqualTo("1.5 kB");
    assertThat(Bytes.format(4L << 30)).isEqualTo("4.0 GB");
  }
}
