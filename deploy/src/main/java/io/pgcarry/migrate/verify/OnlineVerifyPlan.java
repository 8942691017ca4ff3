package io.pgcarry.migrate.verify;

import io.pgcarry.common.TableId;
import io.pgcarry.common.verify.KeyRange;
import java.util.List;
import java.util.Objects;

/**
 * The chunks of an online verification run, as it keeps them in the migration's work directory so
 * that a verification stopped before its end (Ctrl-C, a crash) can be resumed: the same run, the
 * same chunks, and only those the sink has not compared yet written again. Immutable.
 *
 * @param run the run's name, as the verified chunk table holds it
 * @param chunks every chunk of the run, in number order
 */
public record OnlineVerifyPlan(String run, List<Chunk> chunks) {

  public OnlineVerifyPlan {
    Objects.requireNonNull(run, "run");
    chunks = List.copyOf(chunks);
  }

  /**
   * One chunk.
   *
   * @param number its number in the run, from 1
   * @param schema the source table's schema
   * @param table the source table
   * @param columns the compared columns, source names, in their order
   * @param key the integer key the range is of, or null for the whole table
   * @param from the range's smallest key, or null
   * @param to the smallest key above the range, or null
   */
  public record Chunk(
      int number,
      String schema,
      String table,
      List<String> columns,
      String key,
      Long from,
      Long to) {

    public Chunk {
      columns = List.copyOf(columns);
    }
  }

  /** The plan of chunks numbered across one run. */
  static OnlineVerifyPlan of(String run, List<PlannedChunk> planned) {
    return new OnlineVerifyPlan(
        run,
        planned.stream()
            .map(
                c ->
                    new Chunk(
                        c.number(),
                        c.table().table().schema(),
                        c.table().table().table(),
                        c.table().columns(),
                        c.table().key(),
                        c.range().from(),
                        c.range().to()))
            .toList());
  }

  /** The chunks to check again. */
  List<PlannedChunk> planned() {
    return chunks.stream()
        .map(
            c ->
                new PlannedChunk(
                    run,
                    c.number(),
                    chunks.size(),
                    new TableToVerify(
                        new TableId(c.schema(), c.table()), c.columns(), c.key(), -1, null, null),
                    new KeyRange(c.from(), c.to())))
        .toList();
  }
}
