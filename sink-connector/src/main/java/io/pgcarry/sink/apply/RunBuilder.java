package io.pgcarry.sink.apply;

import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.RecordPosition;
import io.pgcarry.sink.event.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects consecutive changes of one table into steps: a change joins the current run when it has
 * the same statement kind and columns, else the run becomes a step and a new run starts. Within a
 * keyed run, a later change to a key replaces the earlier one and takes its place at the end, so
 * the surviving changes keep the order of their last occurrence. Not thread-safe.
 */
final class RunBuilder {

  private final TargetTable table;
  private final List<String> key;
  private final int maxRows;
  private final List<ApplyStep> out;

  private StepKind kind;
  private List<String> columns;
  private final Map<List<String>, Row> keyed = new LinkedHashMap<>();
  private final List<Row> rows = new ArrayList<>();
  private final List<Row> oldRows = new ArrayList<>();
  private final List<RecordPosition> positions = new ArrayList<>();

  RunBuilder(TargetTable table, List<String> key, int maxRows, List<ApplyStep> out) {
    this.table = table;
    this.key = key;
    this.maxRows = maxRows;
    this.out = out;
  }

  /**
   * Adds one change.
   *
   * @param row the new row (the old row holding the key for DELETE), or null
   * @param oldRow the old row image for UPDATE_ONE and DELETE_ONE, else null
   */
  void add(StepKind stepKind, List<String> stepColumns, Row row, Row oldRow, ChangeEvent event) {
    boolean joins =
        stepKind == kind && stepColumns.equals(columns) && !isSingle(stepKind) && size() < maxRows;
    if (!joins) {
      flush();
      kind = stepKind;
      columns = List.copyOf(stepColumns);
    }
    positions.add(event.position());
    if (compacts(stepKind)) {
      List<String> keyValues = Arrays.asList(row.values(key).toArray(new String[0]));
      keyed.remove(keyValues);
      keyed.put(keyValues, row);
    } else {
      if (row != null) {
        rows.add(row);
      }
      if (oldRow != null) {
        oldRows.add(oldRow);
      }
    }
  }

  /** Ends the current run, adding it to the steps. */
  void flush() {
    if (kind == null) {
      return;
    }
    List<Row> stepRows = compacts(kind) ? new ArrayList<>(keyed.values()) : rows;
    List<String> stepKey =
        kind == StepKind.UPDATE_ONE || kind == StepKind.DELETE_ONE ? List.of() : key;
    out.add(new ApplyStep(kind, table, stepKey, columns, stepRows, oldRows, positions));
    kind = null;
    columns = null;
    keyed.clear();
    rows.clear();
    oldRows.clear();
    positions.clear();
  }

  private int size() {
    return compacts(kind) ? keyed.size() : rows.size();
  }

  private static boolean compacts(StepKind kind) {
    return kind == StepKind.UPSERT || kind == StepKind.UPDATE_PRESENT || kind == StepKind.DELETE;
  }

  private static boolean isSingle(StepKind kind) {
    return kind == StepKind.UPDATE_ONE
        || kind == StepKind.DELETE_ONE
        || kind == StepKind.TRUNCATE
        || kind == StepKind.CLEAR
        || kind == StepKind.MOVE_KEY;
  }
}
