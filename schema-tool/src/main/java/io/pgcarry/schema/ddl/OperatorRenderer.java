package io.pgcarry.schema.ddl;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code CREATE OPERATOR}.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-createoperator.html">CREATE
 *     OPERATOR</a>
 */
public final class OperatorRenderer {

  private OperatorRenderer() {}

  /**
   * An operator; names are rendered and qualified, optional parts are null.
   *
   * @param name qualified operator name, e.g. {@code public.===}
   * @param left left argument type, null for a prefix operator
   * @param right right argument type
   * @param function the implementing function
   * @param commutator {@code OPERATOR(schema.op)} or null
   * @param negator {@code OPERATOR(schema.op)} or null
   * @param restrict restriction selectivity estimator or null
   * @param join join selectivity estimator or null
   * @param hashes whether it supports hash joins
   * @param merges whether it supports merge joins
   */
  public record Operator(
      String name,
      String left,
      String right,
      String function,
      String commutator,
      String negator,
      String restrict,
      String join,
      boolean hashes,
      boolean merges) {

    /** {@code name (left, right)}, as COMMENT ON OPERATOR wants it. */
    public String signature() {
      return name
          + " ("
          + (left == null ? "NONE" : left)
          + ", "
          + (right == null ? "NONE" : right)
          + ")";
    }
  }

  public static String render(Operator operator) {
    List<String> parts = new ArrayList<>();
    parts.add("FUNCTION = " + operator.function());
    if (operator.left() != null) {
      parts.add("LEFTARG = " + operator.left());
    }
    if (operator.right() != null) {
      parts.add("RIGHTARG = " + operator.right());
    }
    if (operator.commutator() != null) {
      parts.add("COMMUTATOR = " + operator.commutator());
    }
    if (operator.negator() != null) {
      parts.add("NEGATOR = " + operator.negator());
    }
    if (operator.restrict() != null) {
      parts.add("RESTRICT = " + operator.restrict());
    }
    if (operator.join() != null) {
      parts.add("JOIN = " + operator.join());
    }
    if (operator.hashes()) {
      parts.add("HASHES");
    }
    if (operator.merges()) {
      parts.add("MERGES");
    }
    return "CREATE OPERATOR "
        + operator.name()
        + " (\n    "
        + String.join(",\n    ", parts)
        + "\n)";
  }
}
