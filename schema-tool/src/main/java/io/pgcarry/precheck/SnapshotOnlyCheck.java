package io.pgcarry.precheck;

import java.util.List;

/**
 * A run without streaming ({@code migrate --no-streaming}) copies one snapshot of the source and
 * ends replication as soon as the copy is on the target: a write to the source during the run does
 * not reach the target (the closing verify reports the tables it changed).
 */
final class SnapshotOnlyCheck implements Check {

  static final String ID = "no-streaming";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Servers needs() {
    return Servers.SOURCE;
  }

  @Override
  public List<Finding> run(CheckContext context) {
    if (context.settings().streaming()) {
      return List.of();
    }
    return List.of(
        Finding.warning(
            ID,
            "source database " + context.sourceInfo().database(),
            "the run copies one snapshot and streams no changes: the application must not write"
                + " to the source from the start of the run until it ends, or the target misses"
                + " those writes (the closing verify names the tables that differ). Stop the"
                + " application's writes first, or run migrate without --no-streaming",
            null));
  }
}
