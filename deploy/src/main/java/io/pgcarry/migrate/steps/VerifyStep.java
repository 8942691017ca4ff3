package io.pgcarry.migrate.steps;

import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.VerifyFailed;
import io.pgcarry.verify.TableVerifier;
import io.pgcarry.verify.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The last step of a run without streaming: every migrated table of every database compared by row
 * count and checksum under the run's mapping ({@link TableVerifier}). The source must not have been
 * written during the run; a table that differs is where it was.
 */
public final class VerifyStep implements MigrationStep {

  private final List<MigrationSpec> databases;
  private final Consumer<String> progress;
  private final List<String> done = new ArrayList<>();

  public VerifyStep(List<MigrationSpec> databases, Consumer<String> progress) {
    this.databases = List.copyOf(databases);
    this.progress = progress;
  }

  @Override
  public Step step() {
    return Step.VERIFY;
  }

  @Override
  public String description() {
    return "comparing every table of the source and the target";
  }

  /**
   * @throws VerifyFailed naming the tables that differ
   */
  @Override
  public void run() throws Exception {
    List<String> differing = new ArrayList<>();
    int tables = 0;
    for (MigrationSpec database : databases) {
      VerifyReport report =
          new TableVerifier(
                  database.source(), database.target(), database.selection(), database.mapping())
              .verify();
      report.toText().lines().forEach(progress);
      tables += report.tables().size();
      report.tables().stream()
          .filter(t -> !t.matches())
          .forEach(t -> differing.add(database.source().database() + " " + t.table()));
    }
    if (!differing.isEmpty()) {
      throw new VerifyFailed(
          differing.size()
              + " tables differ between source and target: "
              + String.join(", ", differing)
              + ". Was the source written during the run? Stop the writes, run `pgcarry cleanup`,"
              + " and migrate again");
    }
    done.add(tables + " tables equal on the source and the target");
  }

  /** What this run of the step found. */
  public List<String> done() {
    return List.copyOf(done);
  }
}
