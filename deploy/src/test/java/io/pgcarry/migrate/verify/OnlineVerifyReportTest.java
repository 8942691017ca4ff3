package io.pgcarry.migrate.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OnlineVerifyReportTest {

  private static final OnlineVerifyReport.TableVerdict IDENTICAL =
      new OnlineVerifyReport.TableVerdict(
          "public.account",
          "public.account",
          10,
          10,
          20_000,
          "0/1DB0000",
          "0/1DB3828",
          0,
          List.of(),
          List.of());

  @Test
  void saysIdenticalAtTheMarkersLsnsPerTable() {
    OnlineVerifyReport report = new OnlineVerifyReport("r1", List.of(IDENTICAL));

    assertThat(report.identical()).isTrue();
    assertThat(report.toText())
        .contains(
            "identical  public.account at LSN 0/1DB0000 to 0/1DB3828 (10 chunks, 20,000 rows)")
        .contains("1 tables, 1 identical, 0 differ, 0 not verified (run r1)");
  }

  @Test
  void namesEveryDifferingRangeAndEveryChunkNotCompared() {
    OnlineVerifyReport.TableVerdict differs =
        new OnlineVerifyReport.TableVerdict(
            "public.item",
            "shop.product",
            3,
            1,
            100,
            "0/10",
            "0/10",
            1,
            List.of(
                new OnlineVerifyReport.ChunkDifference(
                    7, "public.item id in [100, 200)", "id", 100L, 200L, "0/20", 100, 99, null)),
            List.of("public.item id >= 200: the table's lock was not granted within 50 ms"));
    OnlineVerifyReport.TableVerdict unverified =
        new OnlineVerifyReport.TableVerdict(
            "public.ledger",
            "public.ledger",
            1,
            0,
            0,
            null,
            null,
            1,
            List.of(),
            List.of("public.ledger (the whole table) at LSN 0/30: the sink did not compare it"));
    OnlineVerifyReport report =
        new OnlineVerifyReport("r2", List.of(IDENTICAL, differs, unverified));

    assertThat(report.identical()).isFalse();
    assertThat(report.toText())
        .contains("DIFFERS    public.item -> shop.product: 1 of 3 chunks differ")
        .contains(
            "public.item id in [100, 200) at LSN 0/20: 100 rows on the source, 99 on the target")
        .contains("public.item id >= 200: the table's lock was not granted within 50 ms")
        .contains("UNVERIFIED public.ledger: 1 of 1 chunks not compared")
        .contains("3 tables, 1 identical, 1 differ, 1 not verified (run r2)");
  }
}
