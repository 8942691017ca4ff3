package io.pgcarry.migrate.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.probes.Lag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkDirTest {

  @Test
  void roundTripsStateWithStepTimesAndSnapshotMarks() throws Exception {
    WorkDir dir = new WorkDir(Files.createTempDirectory("workdir"), "shop");
    MigrationState state =
        MigrationState.initial()
            .begin(Step.SCHEMA_PRE_DATA)
            .finish()
            .begin(Step.FULL_LOAD)
            .withSnapshotMarks(List.of(new Lag.PartitionLag("shop.sales.order", 0, 120, 0)));

    dir.writeState(state);

    MigrationState read = dir.readState().orElseThrow();
    assertThat(read).isEqualTo(state);
    assertThat(read.finished(Step.SCHEMA_PRE_DATA)).isTrue();
    assertThat(read.finished(Step.FULL_LOAD)).isFalse();
  }

  @Test
  void cutoverResultReplacesTheRequest() throws Exception {
    Path root = Files.createTempDirectory("workdir");
    WorkDir dir = new WorkDir(root, "shop");
    dir.requestCutover(new CutoverRequest("r1", Instant.now()));
    assertThat(dir.cutoverRequest()).isPresent();

    dir.writeCutoverResult(new CutoverResult("r1", true, "done", "0/10", List.of("step")));

    assertThat(dir.cutoverRequest()).isEmpty();
    assertThat(dir.cutoverResult().orElseThrow().success()).isTrue();
  }

  @Test
  void statusOfADeadProcessIsNotFresh() {
    MigrationStatus status =
        new MigrationStatus(
            "shop",
            Long.MAX_VALUE - 1,
            Instant.now(),
            Step.STREAMING,
            "streaming",
            List.of(),
            0,
            0,
            null,
            null,
            null);

    assertThat(status.fresh()).isFalse();
    assertThat(StatusRenderer.full(status)).contains("(migrate is not running)");
  }
}
