package io.pgcarry.sink.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row image (Debezium's {@code before} or {@code after}): column names, in the source's column
 * order, each with a {@link Cell}'s text or the mark of an unavailable value. The names are shared
 * by every row of one schema ({@link Columns}); the values are arrays. Immutable.
 */
public final class Row {

  private final Columns columns;
  private final String[] texts;

  /** Which values are unavailable, or null when none is. */
  private final boolean[] unavailable;

  /**
   * @param columns the names, in order
   * @param texts each column's text, or null for SQL NULL; not copied, never changed afterwards
   * @param unavailable which values the source left out, or null for none; not copied
   */
  public Row(Columns columns, String[] texts, boolean[] unavailable) {
    if (texts.length != columns.size()
        || unavailable != null && unavailable.length != columns.size()) {
      throw new IllegalArgumentException("a row has one value per column");
    }
    this.columns = columns;
    this.texts = texts;
    this.unavailable = unavailable;
  }

  /** A row of the given cells, in their order. */
  public Row(Map<String, Cell> cells) {
    this.columns = Columns.of(List.copyOf(cells.keySet()));
    this.texts = new String[cells.size()];
    boolean[] missing = null;
    int i = 0;
    for (Cell cell : cells.values()) {
      texts[i] = cell.text();
      if (cell.unavailable()) {
        missing = missing == null ? new boolean[texts.length] : missing;
        missing[i] = true;
      }
      i++;
    }
    this.unavailable = missing;
  }

  /** The columns, in order. */
  public List<String> columns() {
    return columns.names();
  }

  public int size() {
    return texts.length;
  }

  /** The name of the i-th column. */
  public String column(int i) {
    return columns.names().get(i);
  }

  /** The text of the i-th column, null for SQL NULL or an unavailable value. */
  public String text(int i) {
    return texts[i];
  }

  /** Whether the i-th column's value was left out as an unchanged TOAST value. */
  public boolean unavailable(int i) {
    return unavailable != null && unavailable[i];
  }

  /** Whether the image has the column. */
  public boolean has(String column) {
    return columns.indexOf(column) >= 0;
  }

  /** The text of a column, null for SQL NULL, an unavailable value or a column it lacks. */
  public String text(String column) {
    int i = columns.indexOf(column);
    return i < 0 ? null : texts[i];
  }

  /** The cell of a column, or null when the image has no such column. */
  public Cell get(String column) {
    int i = columns.indexOf(column);
    if (i < 0) {
      return null;
    }
    return unavailable(i) ? Cell.unchangedToast() : Cell.of(texts[i]);
  }

  /** The cells, by column, in order. */
  public Map<String, Cell> cells() {
    Map<String, Cell> cells = new LinkedHashMap<>();
    for (int i = 0; i < texts.length; i++) {
      cells.put(column(i), unavailable(i) ? Cell.unchangedToast() : Cell.of(texts[i]));
    }
    return Collections.unmodifiableMap(cells);
  }

  /** True when any column's value was left out as an unchanged TOAST value. */
  public boolean hasUnavailable() {
    if (unavailable != null) {
      for (boolean missing : unavailable) {
        if (missing) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether every value is SQL NULL. */
  public boolean allNull() {
    for (String text : texts) {
      if (text != null) {
        return false;
      }
    }
    return true;
  }

  /** The text values of some columns, in the order given; the key of this row. */
  public List<String> values(List<String> names) {
    if (names.size() == 1) {
      return Collections.singletonList(text(names.get(0)));
    }
    List<String> values = new ArrayList<>(names.size());
    for (String name : names) {
      values.add(text(name));
    }
    return values;
  }

  /** This row with the unavailable cells replaced by those of {@code earlier}, when it has them. */
  public Row fillUnavailableFrom(Row earlier) {
    if (!hasUnavailable()) {
      return this;
    }
    String[] filled = texts.clone();
    boolean[] missing = unavailable.clone();
    for (int i = 0; i < filled.length; i++) {
      int j = missing[i] ? earlier.columns.indexOf(column(i)) : -1;
      if (j >= 0) {
        filled[i] = earlier.texts[j];
        missing[i] = earlier.unavailable(j);
      }
    }
    return new Row(columns, filled, missing);
  }

  /** This row under other column names, the same in number and order. */
  public Row renamed(Columns renamed) {
    return new Row(renamed, texts, unavailable);
  }

  /** This row with only the columns kept, renamed. */
  public Row narrowed(Columns kept, boolean[] keep) {
    String[] narrowed = new String[kept.size()];
    boolean[] missing = unavailable == null ? null : new boolean[kept.size()];
    int j = 0;
    for (int i = 0; i < texts.length; i++) {
      if (keep[i]) {
        narrowed[j] = texts[i];
        if (missing != null) {
          missing[j] = unavailable[i];
        }
        j++;
      }
    }
    return new Row(kept, narrowed, missing);
  }

  /** Never includes values, so a row can appear in logs. */
  @Override
  public String toString() {
    return "Row" + columns.names();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Row other
        && columns.names().equals(other.columns.names())
        && Arrays.equals(texts, other.texts)
        && Arrays.equals(missing(), other.missing());
  }

  @Override
  public int hashCode() {
    return columns.names().hashCode() * 31 + Arrays.hashCode(texts);
  }

  private boolean[] missing() {
    return unavailable == null ? new boolean[texts.length] : unavailable;
  }

  /** The column names of rows of one schema, with their positions. Immutable. */
  public static final class Columns {
    private final List<String> names;
    private final Map<String, Integer> index;

    private Columns(List<String> names) {
      this.names = List.copyOf(names);
      this.index = new HashMap<>(names.size() * 2);
      for (int i = 0; i < names.size(); i++) {
        index.putIfAbsent(names.get(i), i);
      }
    }

    public static Columns of(List<String> names) {
      return new Columns(names);
    }

    public List<String> names() {
      return names;
    }

    public int size() {
      return names.size();
    }

    /** The position of a column, or -1. */
    public int indexOf(String name) {
      Integer i = index.get(name);
      return i == null ? -1 : i;
    }
  }
}
