package io.pgcarry.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.probes.Latency;
import io.pgcarry.migrate.probes.SlotPosition;
import io.pgcarry.migrate.probes.WalThresholds;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.WorkDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The status page in headless Chromium for what a healthy migration does not show: a failed
 * connector with what to do, and retained WAL past its warning threshold. The status is written as
 * {@code migrate} writes it; no server runs.
 */
class StatusPageIT {

  @Test
  void showsAFailureWithItsFixAndARetainedWalWarning() throws Exception {
    HeadlessChromium.require();
    WorkDir dir = new WorkDir(Files.createTempDirectory("status-page"), "shop");
    String failure =
        "a connector of migration shop failed: pgcarry-shop-sink: target refused the change"
            + " (details in /work/shop/pgcarry.log; run migrate again to resume)";
    dir.writeStatus(
        new MigrationStatus(
            "shop",
            ProcessHandle.current().pid(),
            Instant.now(),
            Step.STREAMING,
            "failed",
            List.of(new MigrationStatus.TableProgress("sales.order", 1000, 400, false, 50, 12L)),
            1234,
            400,
            null,
            null,
            failure,
            null,
            new SlotPosition(
                "0/9000000",
                "0/1000000",
                128L << 20,
                1536L << 20,
                "extended",
                null,
                null,
                WalThresholds.Level.WARNING,
                "the slot retains much WAL: check that both connectors run"),
            List.of(new MigrationStatus.TopicLag("shop.sales.order", 1234)),
            new Latency(0, null, null, List.of(), 0, 0),
            null,
            false,
            List.of()));

    try (StatusServer server = StatusServer.start(dir, "shop", 0)) {
      String page = HeadlessChromium.dom(server.url().toString(), 4000);

      assertThat(page)
          .contains("<div id=\"failure\">Failed: " + failure + "</div>")
          .contains("id=\"readiness\" class=\"waiting\">Not ready: a connector failed")
          .contains(
              "<p id=\"wal-advice\" class=\"level-warning\">Retained WAL: the slot retains much WAL")
          .containsPattern(
              "class=\"value level-warning\" id=\"retained-wal\"|id=\"retained-wal\" class=\"value level-warning\"")
          .contains("1.5 GiB (warning)")
          .contains("128.0 MiB")
          .contains("id=\"latency-p99\">no changes<")
          .contains("id=\"heartbeat-age\">none yet<")
          .containsPattern("<td class=\"num\">12 s</td>");
      Path screenshot = Path.of("target", "status-page-failure.png");
      HeadlessChromium.screenshot(server.url().toString(), screenshot, 4000);
      assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }
  }
}
