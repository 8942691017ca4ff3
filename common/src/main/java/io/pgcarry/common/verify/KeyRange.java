package io.pgcarry.common.verify;

import io.pgcarry.common.sql.Identifier;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The rows of a table whose integer key lies in a half-open range, {@code from <= key < to}; either
 * bound may be absent, and with neither the range is the whole table. The first range of a table
 * has no lower bound and its last no upper bound, so that a row inserted below the smallest key or
 * above the largest still belongs to a range. Immutable.
 *
 * @param from the smallest key in the range, or null for no lower bound
 * @param to the smallest key above the range, or null for no upper bound
 */
public record KeyRange(Long from, Long to) {

  /** Every row of the table. */
  public static final KeyRange ALL = new KeyRange(null, null);

  public KeyRange {
    if (from != null && to != null && from >= to) {
      throw new IllegalArgumentException("an empty key range: [" + from + ", " + to + ")");
    }
  }

  /** Whether the range is the whole table. */
  public boolean whole() {
    return from == null && to == null;
  }

  /** Whether {@code key} lies in the range. */
  public boolean contains(long key) {
    return (from == null || key >= from) && (to == null || key < to);
  }

  /**
   * The rows of the range as a condition on the column {@code alias.key}, with a {@code ?} per
   * bound, lower first: {@code true} for the whole table.
   */
  public String condition(String alias, String key) {
    return condition(alias, key, "?", "?");
  }

  /**
   * The same condition with the bounds written as numbers, for a statement that takes no parameters
   * ({@code COPY (SELECT …) TO STDOUT}); they are integers, never text.
   */
  public String literalCondition(String alias, String key) {
    return condition(alias, key, String.valueOf(from), String.valueOf(to));
  }

  private String condition(String alias, String key, String lower, String upper) {
    if (whole()) {
      return "true";
    }
    String column = alias + "." + Identifier.quote(Objects.requireNonNull(key, "key"));
    if (from == null) {
      return column + " < " + upper;
    }
    if (to == null) {
      return column + " >= " + lower;
    }
    return column + " >= " + lower + " AND " + column + " < " + upper;
  }

  /** Binds the bounds of {@link #condition} from parameter {@code index} on. */
  public void bind(PreparedStatement statement, int index) throws SQLException {
    if (from != null) {
      statement.setLong(index++, from);
    }
    if (to != null) {
      statement.setLong(index, to);
    }
  }

  /** For people: {@code id in [1, 1001)}, {@code id < 1001}, {@code id >= 5001}, or the table. */
  public String describe(String key) {
    if (whole()) {
      return "the whole table";
    }
    if (from == null) {
      return key + " < " + to;
    }
    if (to == null) {
      return key + " >= " + from;
    }
    return key + " in [" + from + ", " + to + ")";
  }
}
