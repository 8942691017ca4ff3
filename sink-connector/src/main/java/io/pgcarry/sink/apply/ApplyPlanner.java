package io.pgcarry.sink.apply;

import io.pgcarry.common.TableId;
import io.pgcarry.sink.catalog.TargetColumn;
import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.event.Cell;
import io.pgcarry.sink.event.Change;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.ChangeKind;
import io.pgcarry.sink.event.FullLoadRecord;
import io.pgcarry.sink.event.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns changes into statements. Changes of one table keep their arrival order; consecutive changes
 * of the same table and statement kind form one step, within the limits {@link RunBuilder} sets
 * from the table's unique indexes: compacted by key when the key is the only one, in source order
 * and never writing a key twice otherwise. Tables are independent (unique indexes and exclusion
 * constraints are per table; foreign keys do not fire in replica mode), so each table's steps come
 * together, tables in the order they first appear.
 *
 * <p>The key of a table is the record key's columns (Debezium keys by primary key), else the
 * target's primary key or replica identity index; a table with none is matched on its whole old row
 * (REPLICA IDENTITY FULL), one row per event. Stateless and thread-safe.
 */
public final class ApplyPlanner {

  private final int maxRowsPerStep;

  /**
   * @param maxRowsPerStep the most rows one statement carries; longer runs are split
   */
  public ApplyPlanner(int maxRowsPerStep) {
    if (maxRowsPerStep < 1) {
      throw new IllegalArgumentException("maxRowsPerStep must be positive");
    }
    this.maxRowsPerStep = maxRowsPerStep;
  }

  /**
   * Plans the changes.
   *
   * @param changes changes in arrival order
   * @param tables the target table of every table the changes name
   * @throws PlanningException when a change cannot be applied correctly
   */
  public List<ApplyStep> plan(List<? extends Change> changes, Map<TableId, TargetTable> tables) {
    List<ApplyStep> steps = new ArrayList<>();
    byTable(changes).forEach((id, tableChanges) -> planTable(tables.get(id), tableChanges, steps));
    return steps;
  }

  /**
   * The changes cut into the smallest parts that can be applied alone, in the order {@link #plan}
   * applies them: one change each, but the two events of a key change that only an in-place update
   * can apply together.
   */
  static List<List<Change>> units(List<? extends Change> changes) {
    List<List<Change>> units = new ArrayList<>();
    for (List<Change> tableChanges : byTable(changes).values()) {
      for (int i = 0; i < tableChanges.size(); i++) {
        Change change = tableChanges.get(i);
        Change next = i + 1 < tableChanges.size() ? tableChanges.get(i + 1) : null;
        if (isKeyChangePair(change, next)) {
          units.add(List.of(change, next));
          i++;
        } else {
          units.add(List.of(change));
        }
      }
    }
    return units;
  }

  private static Map<TableId, List<Change>> byTable(List<? extends Change> changes) {
    Map<TableId, List<Change>> byTable = new LinkedHashMap<>();
    for (Change change : changes) {
      byTable.computeIfAbsent(change.table(), t -> new ArrayList<>()).add(change);
    }
    return byTable;
  }

  private void planTable(TargetTable table, List<Change> changes, List<ApplyStep> steps) {
    List<String> key = keyOf(table, changes);
    boolean compacting = table.uniqueBeyond(key).isEmpty();
    RunBuilder run = new RunBuilder(table, key, maxRowsPerStep, compacting, steps);
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i) instanceof FullLoadRecord load) {
        planLoad(table, load, run);
        continue;
      }
      ChangeEvent event = (ChangeEvent) changes.get(i);
      Change next = i + 1 < changes.size() ? changes.get(i + 1) : null;
      if (event.snapshotStart()) {
        run.add(StepKind.CLEAR, List.of(), null, null, event);
      }
      if (!key.isEmpty() && isKeyChangePair(event, next)) {
        // Debezium sends an UPDATE of the key as DELETE + CREATE of one WAL record; when the new
        // row lacks unchanged TOAST values, only an in-place UPDATE of the old row keeps them.
        Row after = ((ChangeEvent) next).after();
        run.add(StepKind.MOVE_KEY, present(table, after), after, event.before(), next);
        i++;
      } else if (event.kind() == ChangeKind.TRUNCATE) {
        run.add(StepKind.TRUNCATE, List.of(), null, null, event);
      } else if (key.isEmpty()) {
        planKeyless(table, event, run);
      } else {
        planKeyed(table, key, event, run);
      }
    }
    run.flush();
  }

  /**
   * Rows of the full load: emptying the table first when its snapshot starts (or starts over), then
   * a COPY of the rows as they are.
   */
  private static void planLoad(TargetTable table, FullLoadRecord load, RunBuilder run) {
    if (load.startsSnapshot()) {
      run.add(StepKind.CLEAR, List.of(), null, null, load);
    }
    if (load.kind() == FullLoadRecord.Kind.COPY && load.data().length > 0) {
      for (String column : load.columns()) {
        TargetColumn target = table.column(column);
        if (target == null || target.generated()) {
          throw new PlanningException(
              "column "
                  + column
                  + " of the full load of "
                  + table.id().quoted()
                  + (target == null
                      ? " does not exist on the target; add it to the target table"
                      : " is a generated column on the target, which COPY cannot write")
                  + " ("
                  + load.position()
                  + ")");
        }
      }
      run.load(load);
    }
  }

  private static void planKeyed(
      TargetTable table, List<String> key, ChangeEvent event, RunBuilder run) {
    if (isCopyable(event)) {
      run.add(StepKind.COPY, writable(table, event.after()), event.after(), null, event);
      return;
    }
    switch (event.kind()) {
      case DELETE -> run.add(StepKind.DELETE, key, keyImage(table, key, event), null, event);
      case READ, CREATE, UPDATE -> {
        Row after = require(event.after(), table, event);
        if (event.kind() == ChangeKind.UPDATE
            && event.before() != null
            && keyChanged(key, event.before(), after)
            && after.hasUnavailable()) {
          run.add(StepKind.MOVE_KEY, present(table, after), after, event.before(), event);
          return;
        }
        if (event.kind() == ChangeKind.UPDATE
            && event.before() != null
            && keyChanged(key, event.before(), after)) {
          // The key changed: remove the old row, then write the new one.
          run.add(StepKind.DELETE, key, event.before(), null, event);
        }
        List<String> columns = writable(table, after);
        if (after.hasUnavailable()) {
          run.add(StepKind.UPDATE_PRESENT, keyFirst(key, columns), after, null, event);
        } else {
          run.add(StepKind.UPSERT, columns, after, null, event);
        }
      }
      default -> throw new IllegalStateException("unexpected " + event.kind());
    }
  }

  private static void planKeyless(TargetTable table, ChangeEvent event, RunBuilder run) {
    if (isCopyable(event)) {
      run.add(StepKind.COPY, writable(table, event.after()), event.after(), null, event);
      return;
    }
    switch (event.kind()) {
      case READ, CREATE -> {
        Row after = require(event.after(), table, event);
        run.add(StepKind.INSERT, writable(table, after), after, null, event);
      }
      case UPDATE -> {
        Row before = oldRow(table, event);
        Row after = require(event.after(), table, event);
        run.add(StepKind.UPDATE_ONE, writable(table, after), after, before, event);
      }
      case DELETE -> run.add(StepKind.DELETE_ONE, List.of(), null, oldRow(table, event), event);
      default -> throw new IllegalStateException("unexpected " + event.kind());
    }
  }

  /** A row of the initial snapshot with every value present goes in by COPY. */
  private static boolean isCopyable(ChangeEvent event) {
    return event.initialSnapshot() && event.after() != null && !event.after().hasUnavailable();
  }

  private static boolean isKeyChangePair(Change first, Change second) {
    return first instanceof ChangeEvent delete
        && second instanceof ChangeEvent create
        && delete.kind() == ChangeKind.DELETE
        && create.kind() == ChangeKind.CREATE
        && delete.before() != null
        && create.after() != null
        && create.after().hasUnavailable()
        && delete.source().lsn() != null
        && delete.source().lsn().equals(create.source().lsn());
  }

  private static List<String> present(TargetTable table, Row row) {
    return writable(table, row);
  }

  /** The key: the record key's columns, else the target's primary key or identity index. */
  static List<String> keyOf(TargetTable table, List<? extends Change> changes) {
    for (Change change : changes) {
      if (change instanceof ChangeEvent event && !event.keyColumns().isEmpty()) {
        for (String column : event.keyColumns()) {
          if (table.column(column) == null) {
            throw new PlanningException(
                "key column "
                    + column
                    + " of table "
                    + table.id().quoted()
                    + " does not exist on the target");
          }
        }
        return event.keyColumns();
      }
    }
    return table.catalogKey();
  }

  private static Row keyImage(TargetTable table, List<String> key, ChangeEvent event) {
    Row before = event.before();
    if (before == null || key.stream().anyMatch(c -> before.get(c) == null)) {
      throw new PlanningException(
          "a DELETE event of table "
              + table.id().quoted()
              + " carries no key values ("
              + event.position()
              + ")");
    }
    return before;
  }

  /** The old row for matching a row of a table without key; refuses when the source sent none. */
  private static Row oldRow(TargetTable table, ChangeEvent event) {
    Row before = event.before();
    if (before == null || before.hasUnavailable() || before.allNull()) {
      throw new PlanningException(
          "table "
              + table.id().quoted()
              + " has no primary key and its source replica identity does not log the old row,"
              + " so its "
              + event.kind()
              + " events cannot be applied to exactly one row; run ALTER TABLE "
              + table.id().quoted()
              + " REPLICA IDENTITY FULL on the source (or add a primary key) and migrate the"
              + " table again");
    }
    return before;
  }

  private static Row require(Row row, TargetTable table, ChangeEvent event) {
    if (row == null) {
      throw new PlanningException(
          "a "
              + event.kind()
              + " event of table "
              + table.id().quoted()
              + " has no new row image ("
              + event.position()
              + ")");
    }
    return row;
  }

  private static boolean keyChanged(List<String> key, Row before, Row after) {
    for (String column : key) {
      Cell old = before.get(column);
      Cell now = after.get(column);
      if (old == null || old.unavailable() || old.text() == null) {
        return false;
      }
      if (now == null || !old.text().equals(now.text())) {
        return true;
      }
    }
    return false;
  }

  /** The row's columns that the target takes: present, existing, not generated. */
  static List<String> writable(TargetTable table, Row row) {
    List<String> columns = new ArrayList<>(row.size());
    for (int i = 0; i < row.size(); i++) {
      String name = row.column(i);
      TargetColumn column = table.column(name);
      if (column == null) {
        throw new PlanningException(
            "column "
                + name
                + " of source table "
                + table.id().quoted()
                + " does not exist on the target; add it to the target table");
      }
      if (!column.generated() && !row.unavailable(i)) {
        columns.add(name);
      }
    }
    return columns;
  }

  static List<String> keyFirst(List<String> key, List<String> columns) {
    List<String> ordered = new ArrayList<>(key);
    columns.stream().filter(c -> !key.contains(c)).forEach(ordered::add);
    return ordered;
  }
}
