package io.pgcarry.sink.apply;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.sink.catalog.TargetColumn;
import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.event.Cell;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.ChangeKind;
import io.pgcarry.sink.event.RecordPosition;
import io.pgcarry.sink.event.Row;
import io.pgcarry.sink.event.SourcePosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Change events and target tables for planner and renderer tests, without Kafka. */
final class Events {

  static final String UNAVAILABLE = "\u0000unavailable";

  static final TableId ITEMS = new TableId("public", "items");
  static final TargetTable ITEMS_TABLE =
      new TargetTable(
          ITEMS,
          List.of(
              new TargetColumn("id", "integer", false, false),
              new TargetColumn("name", "text", false, false),
              new TargetColumn("body", "text", false, false)),
          List.of("id"),
          List.of());
  static final TableId LOG = new TableId("public", "log");
  static final TargetTable LOG_TABLE =
      new TargetTable(
          LOG,
          List.of(
              new TargetColumn("at", "timestamp with time zone", false, false),
              new TargetColumn("doc", "json", false, false)),
          List.of(),
          List.of());

  private static long offset;

  private Events() {}

  static Map<TableId, TargetTable> tables() {
    return Map.of(ITEMS, ITEMS_TABLE, LOG, LOG_TABLE);
  }

  /** A row of the items table: id, name, body; UNAVAILABLE marks an unchanged TOAST value. */
  static Row item(Object id, String name, String body) {
    return row("id", id == null ? null : id.toString(), "name", name, "body", body);
  }

  static Row row(String... namesAndValues) {
    Map<String, Cell> cells = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String value = namesAndValues[i + 1];
      cells.put(
          namesAndValues[i], UNAVAILABLE.equals(value) ? Cell.unchangedToast() : Cell.of(value));
    }
    return new Row(cells);
  }

  static ChangeEvent event(TableId table, ChangeKind kind, Row before, Row after) {
    List<String> key = table.equals(ITEMS) ? List.of("id") : List.of();
    return new ChangeEvent(
        table,
        kind,
        before,
        after,
        key,
        new SourcePosition(new Lsn(offset + 1000), 0L, 700L, null, false),
        new RecordPosition("pgcarry." + table.schema() + "." + table.table(), 0, offset++),
        false,
        false);
  }

  static ChangeEvent insert(Row after) {
    return event(ITEMS, ChangeKind.CREATE, null, after);
  }

  static ChangeEvent update(Row before, Row after) {
    return event(ITEMS, ChangeKind.UPDATE, before, after);
  }

  static ChangeEvent delete(Row before) {
    return event(ITEMS, ChangeKind.DELETE, before, null);
  }
}
