package io.pgcarry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.WorkDir;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code pgcarry fallback} and {@code pgcarry finish} on a migration that has no way back, or whose
 * {@code migrate} process is gone: one line naming the fix, with the documented exit code. The
 * migration's state is what its work directory says, written here as a run would write it.
 */
class ReverseCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void fallbackOfAMigrationCutOverWithoutAFallbackSlotNamesTheOptionThatCreatesOne()
      throws Exception {
    Path root = migrationAt(Step.DONE, ProcessHandle.current().pid());

    assertThat(run("fallback", "--name", "shop", "--work-dir", root.toString()))
        .as(err::toString)
        .isEqualTo(1);
    assertThat(err.toString())
        .contains("migration shop was cut over without a fallback slot")
        .contains("pgcarry cutover --name shop --fallback");
    assertThat(err.toString().strip().lines()).hasSize(1);
  }

  @Test
  void finishOfAMigrationThatStillStreamsForwardSaysToCutOverFirst() throws Exception {
    Path root = migrationAt(Step.STREAMING, ProcessHandle.current().pid());

    assertThat(run("finish", "--name", "shop", "--work-dir", root.toString()))
        .as(err::toString)
        .isEqualTo(1);
    assertThat(err.toString())
        .contains("is in step streaming, not cut over yet")
        .contains("pgcarry cutover --name shop --fallback");
  }

  @Test
  void fallbackWhenTheMigrateProcessIsGoneSaysToStartItAgain() throws Exception {
    Path root = migrationAt(Step.REVERSE_STREAMING, Long.MAX_VALUE);

    assertThat(run("fallback", "--name", "shop", "--work-dir", root.toString()))
        .as(err::toString)
        .isEqualTo(4);
    assertThat(err.toString()).contains("start `pgcarry migrate` again with the same options");
  }

  /** A work directory whose migration {@code shop} last published {@code step}. */
  private static Path migrationAt(Step step, long pid) throws Exception {
    Path root = Files.createTempDirectory("reverse-command");
    new WorkDir(root, "shop")
        .writeStatus(
            new MigrationStatus(
                "shop", pid, Instant.now(), step, "", List.of(), 0, 0, null, null, null));
    return root;
  }

  private int run(String... args) {
    return PgcarryCli.run(out, err, args);
  }
}
