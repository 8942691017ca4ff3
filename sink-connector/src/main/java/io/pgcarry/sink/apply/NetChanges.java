package io.pgcarry.sink.apply;

import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.event.RecordPosition;
import io.pgcarry.sink.event.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The net effect, key by key, of consecutive upserts, updates of present columns and deletes of a
 * table whose key is its only unique index (and that has no exclusion constraint). There, changes
 * to different keys commute: nothing else can collide (foreign keys and triggers do not fire in
 * replica mode, check constraints see one row), so the final state depends only on each key's own
 * sequence of changes. That sequence reduces to one operation:
 *
 * <ul>
 *   <li>an upsert or a delete replaces whatever came before it for its key;
 *   <li>an update of present columns after an upsert is the upsert with those columns changed,
 *       after another update of present columns the two merged;
 *   <li>an update after a delete cannot follow on the source without an insert between; met anyway
 *       (or across a change of the row's columns), it ends the run instead, so that order is kept.
 * </ul>
 *
 * A run of an application that updates one row and inserts another in each transaction then becomes
 * two set-based statements instead of one statement per change. Not thread-safe.
 */
final class NetChanges {

  private record Net(
      StepKind kind, List<String> columns, Row row, List<RecordPosition> positions) {}

  private final TargetTable table;
  private final List<String> key;
  private final int maxRows;
  private final Map<List<String>, Net> byKey = new LinkedHashMap<>();

  NetChanges(TargetTable table, List<String> key, int maxRows) {
    this.table = table;
    this.key = key;
    this.maxRows = maxRows;
  }

  /** Whether this kind of change is reduced here. */
  static boolean reduces(StepKind kind) {
    return kind == StepKind.UPSERT || kind == StepKind.UPDATE_PRESENT || kind == StepKind.DELETE;
  }

  /**
   * Adds a change to its key's net effect.
   *
   * @return false when the change cannot be merged with its key's effect so far: the caller writes
   *     the run out and adds the change to a new one
   */
  boolean add(StepKind kind, List<String> columns, Row row, RecordPosition position) {
    List<String> rowKey = row.values(key);
    Net before = byKey.get(rowKey);
    Net after =
        before == null
            ? new Net(kind, columns, row, List.of(position))
            : merge(before, kind, columns, row, position);
    if (after == null) {
      return false;
    }
    byKey.put(rowKey, after);
    return true;
  }

  private Net merge(
      Net before, StepKind kind, List<String> columns, Row row, RecordPosition position) {
    List<RecordPosition> positions = new ArrayList<>(before.positions());
    positions.add(position);
    if (kind != StepKind.UPDATE_PRESENT) {
      return new Net(kind, columns, row, positions);
    }
    if (before.kind() == StepKind.DELETE || !before.row().columns().equals(row.columns())) {
      return null;
    }
    Row merged = row.fillUnavailableFrom(before.row());
    if (before.kind() == StepKind.UPSERT && merged.hasUnavailable()) {
      return null;
    }
    List<String> present = ApplyPlanner.writable(table, merged);
    return merged.hasUnavailable()
        ? new Net(StepKind.UPDATE_PRESENT, ApplyPlanner.keyFirst(key, present), merged, positions)
        : new Net(StepKind.UPSERT, present, merged, positions);
  }

  boolean isEmpty() {
    return byKey.isEmpty();
  }

  /**
   * Writes the net effects as steps: the deletes, then the upserts, then the updates of present
   * columns, each statement with the rows of one column list, and forgets them.
   */
  void flush(List<ApplyStep> out) {
    for (StepKind kind : List.of(StepKind.DELETE, StepKind.UPSERT, StepKind.UPDATE_PRESENT)) {
      Map<List<String>, List<Net>> byColumns = new LinkedHashMap<>();
      for (Net net : byKey.values()) {
        if (net.kind() == kind) {
          byColumns.computeIfAbsent(net.columns(), c -> new ArrayList<>()).add(net);
        }
      }
      byColumns.forEach((columns, nets) -> steps(kind, columns, nets, out));
    }
    byKey.clear();
  }

  private void steps(StepKind kind, List<String> columns, List<Net> nets, List<ApplyStep> out) {
    for (int from = 0; from < nets.size(); from += maxRows) {
      List<Net> part = nets.subList(from, Math.min(nets.size(), from + maxRows));
      List<Row> rows = new ArrayList<>(part.size());
      List<RecordPosition> positions = new ArrayList<>();
      for (Net net : part) {
        rows.add(net.row());
        positions.addAll(net.positions());
      }
      out.add(new ApplyStep(kind, table, key, columns, rows, List.of(), positions, List.of()));
    }
  }
}
