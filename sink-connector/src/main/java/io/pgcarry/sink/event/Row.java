package io.pgcarry.sink.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A row image (Debezium's {@code before} or {@code after}): column names, in the source's column
 * order, to {@link Cell}s. Immutable.
 */
public final class Row {

  private final Map<String, Cell> cells;

  public Row(Map<String, Cell> cells) {
    this.cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
  }

  /** The columns, in order. */
  public Set<String> columns() {
    return cells.keySet();
  }

  /** The cell of a column, or null when the image has no such column. */
  public Cell get(String column) {
    return cells.get(column);
  }

  public Map<String, Cell> cells() {
    return cells;
  }

  /** True when any column's value was left out as an unchanged TOAST value. */
  public boolean hasUnavailable() {
    return cells.values().stream().anyMatch(Cell::unavailable);
  }

  /** The text values of some columns, in the order given; the key of this row. */
  public List<String> values(List<String> columns) {
    return columns.stream().map(c -> cells.get(c) == null ? null : cells.get(c).text()).toList();
  }

  /** This row with the unavailable cells replaced by those of {@code earlier}, when it has them. */
  public Row fillUnavailableFrom(Row earlier) {
    Map<String, Cell> merged = new LinkedHashMap<>(cells);
    merged.replaceAll(
        (column, cell) ->
            cell.unavailable() && earlier.get(column) != null ? earlier.get(column) : cell);
    return new Row(merged);
  }

  /** Never includes values, so a row can appear in logs. */
  @Override
  public String toString() {
    return "Row" + cells.keySet();
  }
}
