package io.pgcarry.migrate.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.migrate.Step;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationSummaryTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void listsEveryStepInOrderWithItsDurationAndTheTotal() {
    Map<Step, Instant> started = new LinkedHashMap<>();
    Map<Step, Instant> finished = new LinkedHashMap<>();
    long second = 0;
    for (Step step :
        List.of(
            Step.PRECHECK,
            Step.SCHEMA_PRE_DATA,
            Step.FULL_LOAD,
            Step.SCHEMA_POST_DATA,
            Step.STREAMING,
            Step.CUTOVER)) {
      started.put(step, T0.plusSeconds(second));
      second += step.ordinal();
      finished.put(step, T0.plusSeconds(second));
    }
    MigrationState state = new MigrationState(Step.DONE, started, finished, List.of(), Map.of());
    CutoverResult cutover = new CutoverResult("r1", true, "cutover complete", "0/10", List.of());

    MigrationSummary summary = MigrationSummary.of("shop", state, cutover);

    assertThat(summary.steps())
        .extracting(MigrationSummary.StepTime::step)
        .containsExactly(
            "precheck", "schema-pre-data", "full-load", "schema-post-data", "streaming", "cutover");
    assertThat(summary.steps())
        .extracting(MigrationSummary.StepTime::millis)
        .containsExactly(1000L, 2000L, 3000L, 4000L, 5000L, 6000L);
    assertThat(summary.totalMillis()).isEqualTo(21_000);
    assertThat(summary.toText())
        .contains("steps of migration shop")
        .containsPattern("full-load +3[.,]0 s")
        .containsPattern("total +21[.,]0 s");
  }

  @Test
  void leavesOutStepsThatDidNotRun() {
    MigrationState state =
        MigrationState.initial().begin(Step.SCHEMA_PRE_DATA).finish().begin(Step.FULL_LOAD);

    MigrationSummary summary = MigrationSummary.of("shop", state, null);

    assertThat(summary.steps())
        .extracting(MigrationSummary.StepTime::step)
        .containsExactly("schema-pre-data");
  }

  @Test
  void roundTripsThroughTheWorkDirectory() throws Exception {
    WorkDir dir = new WorkDir(java.nio.file.Files.createTempDirectory("summary"), "shop");
    MigrationState state = MigrationState.initial().begin(Step.PRECHECK).finish();
    MigrationSummary summary =
        MigrationSummary.of(
            "shop", state, new CutoverResult("r1", true, "done", "0/10", List.of("step")));

    dir.writeSummary(summary);

    assertThat(dir.readSummary()).contains(summary);
  }
}
