package io.pgcarry.sink.apply;

import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.event.FullLoadRecord;
import io.pgcarry.sink.event.RecordPosition;
import io.pgcarry.sink.event.Row;
import java.util.List;

/**
 * One statement's worth of work: a run of consecutive changes of the same kind to one table, or of
 * full-load records with the same columns. Immutable.
 *
 * @param kind the statement kind
 * @param table the target table
 * @param key the key columns (for UPDATE_ONE and DELETE_ONE: the columns of the old row to match)
 * @param columns the columns written (UPSERT, UPDATE_PRESENT, INSERT, UPDATE_ONE, COPY, LOAD), key
 *     first for UPDATE_PRESENT
 * @param rows the new rows, or for DELETE the old rows holding the key values
 * @param oldRows for UPDATE_ONE and DELETE_ONE the one old row image, else empty
 * @param positions where the events of this step are in Kafka, for messages
 * @param loads for LOAD the full-load records whose rows the step copies, else empty
 */
public record ApplyStep(
    StepKind kind,
    TargetTable table,
    List<String> key,
    List<String> columns,
    List<Row> rows,
    List<Row> oldRows,
    List<RecordPosition> positions,
    List<FullLoadRecord> loads) {

  public ApplyStep {
    key = List.copyOf(key);
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    oldRows = List.copyOf(oldRows);
    positions = List.copyOf(positions);
    loads = List.copyOf(loads);
  }

  /** The same work as another statement kind. */
  public ApplyStep as(StepKind other) {
    return new ApplyStep(other, table, key, columns, rows, oldRows, positions, loads);
  }

  /** Rows the step's full-load records hold, by their headers. */
  public long loadRows() {
    return loads.stream().mapToLong(FullLoadRecord::rows).sum();
  }

  /** Where the step's events are, as {@code topic t, partition p, offsets a–b}. */
  public String describePositions() {
    if (positions.isEmpty()) {
      return "no records";
    }
    RecordPosition first = positions.get(0);
    long min = positions.stream().mapToLong(RecordPosition::offset).min().orElseThrow();
    long max = positions.stream().mapToLong(RecordPosition::offset).max().orElseThrow();
    boolean onePartition =
        positions.stream()
            .allMatch(p -> p.topic().equals(first.topic()) && p.partition() == first.partition());
    return (onePartition ? "" : "starting at ")
        + "topic "
        + first.topic()
        + ", partition "
        + first.partition()
        + ", offsets "
        + min
        + "–"
        + max;
  }
}
