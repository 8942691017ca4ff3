package io.pgcarry.sink.apply;

import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.event.Change;
import io.pgcarry.sink.event.FullLoadRecord;
import io.pgcarry.sink.event.RecordPosition;
import io.pgcarry.sink.event.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects consecutive changes of one table into steps: a change joins the current run when it has
 * the same statement kind and columns, else the run becomes a step and a new run starts. How far a
 * run may go depends on the table's unique indexes and exclusion constraints:
 *
 * <ul>
 *   <li><b>Compacting</b>, when the key is the table's only unique index: changes to different keys
 *       cannot interfere, so consecutive upserts, updates of present columns and deletes, of any
 *       kinds and columns, reduce to their net effect per key ({@link NetChanges}), written by one
 *       set-based statement per kind and column list.
 *   <li><b>Ordered</b>, when another unique index or exclusion constraint exists: a later change
 *       may take a value an earlier one freed, and PostgreSQL checks such an index row by row, so
 *       nothing is compacted or reordered. An upsert run is cut before a key it already holds (one
 *       statement cannot write a row twice) and its statement processes the rows in source order;
 *       an update of present columns ({@code UPDATE … FROM}, whose row order cannot be set) is one
 *       statement per change. Deletes cannot violate uniqueness and stay batched.
 * </ul>
 *
 * Not thread-safe.
 */
final class RunBuilder {

  private final TargetTable table;
  private final List<String> key;
  private final int maxRows;
  private final boolean compacting;
  private final List<ApplyStep> out;

  private StepKind kind;
  private List<String> columns;
  private final Map<List<String>, Row> keyed = new LinkedHashMap<>();
  private final Set<List<String>> runKeys = new HashSet<>();
  private final List<Row> rows = new ArrayList<>();
  private final List<Row> oldRows = new ArrayList<>();
  private final List<RecordPosition> positions = new ArrayList<>();
  private final List<FullLoadRecord> loads = new ArrayList<>();
  private final NetChanges net;

  /**
   * @param compacting true when the key is the table's only unique index (see the class comment)
   */
  RunBuilder(
      TargetTable table, List<String> key, int maxRows, boolean compacting, List<ApplyStep> out) {
    this.table = table;
    this.key = key;
    this.maxRows = maxRows;
    this.compacting = compacting && !key.isEmpty();
    this.out = out;
    this.net = this.compacting ? new NetChanges(table, key, maxRows) : null;
  }

  /**
   * Adds one change.
   *
   * @param row the new row (the old row holding the key for DELETE), or null
   * @param oldRow the old row image for UPDATE_ONE, DELETE_ONE and MOVE_KEY, else null
   */
  void add(StepKind stepKind, List<String> stepColumns, Row row, Row oldRow, Change change) {
    if (net != null && NetChanges.reduces(stepKind)) {
      flushRun();
      if (!net.add(stepKind, stepColumns, row, change.position())) {
        net.flush(out);
        net.add(stepKind, stepColumns, row, change.position());
      }
      return;
    }
    if (!joins(stepKind, stepColumns, row)) {
      flush();
      kind = stepKind;
      columns = List.copyOf(stepColumns);
    }
    positions.add(change.position());
    if (compacts(stepKind)) {
      keyed.put(row.values(key), row);
      return;
    }
    if (row != null) {
      rows.add(row);
      if (stepKind == StepKind.UPSERT) {
        runKeys.add(row.values(key));
      }
    }
    if (oldRow != null) {
      oldRows.add(oldRow);
    }
  }

  /**
   * Adds the rows of a full-load record; consecutive records with the same columns share a COPY.
   */
  void load(FullLoadRecord record) {
    if (kind != StepKind.LOAD || !record.columns().equals(columns)) {
      flush();
      kind = StepKind.LOAD;
      columns = record.columns();
    }
    positions.add(record.position());
    loads.add(record);
  }

  /** Ends the current run, adding it to the steps. */
  void flush() {
    if (net != null && !net.isEmpty()) {
      net.flush(out);
    }
    flushRun();
  }

  private void flushRun() {
    if (kind == null) {
      return;
    }
    List<Row> stepRows = compacts(kind) ? new ArrayList<>(keyed.values()) : rows;
    List<String> stepKey =
        kind == StepKind.UPDATE_ONE || kind == StepKind.DELETE_ONE ? List.of() : key;
    out.add(new ApplyStep(kind, table, stepKey, columns, stepRows, oldRows, positions, loads));
    kind = null;
    columns = null;
    keyed.clear();
    runKeys.clear();
    rows.clear();
    oldRows.clear();
    positions.clear();
    loads.clear();
  }

  private boolean joins(StepKind stepKind, List<String> stepColumns, Row row) {
    if (stepKind != kind || !stepColumns.equals(columns) || isSingle(stepKind)) {
      return false;
    }
    int size = compacts(kind) ? keyed.size() : rows.size();
    if (size >= maxRows) {
      return false;
    }
    // Ordered: an upsert statement cannot write a key twice, so a repeated key starts a new one.
    return stepKind != StepKind.UPSERT || compacting || !runKeys.contains(row.values(key));
  }

  /**
   * Whether a later change to a key replaces an earlier one of the run: deletes (deleting a key
   * twice in one run cannot happen on the source; dropping the repeat is exact). A compacting
   * table's upserts and updates are reduced by {@link NetChanges} instead.
   */
  private static boolean compacts(StepKind stepKind) {
    return stepKind == StepKind.DELETE;
  }

  private boolean isSingle(StepKind stepKind) {
    return switch (stepKind) {
      case UPDATE_ONE, DELETE_ONE, TRUNCATE, CLEAR, MOVE_KEY -> true;
      case UPDATE_PRESENT -> !compacting;
      default -> false;
    };
  }
}
