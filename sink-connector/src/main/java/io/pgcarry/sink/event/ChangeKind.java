package io.pgcarry.sink.event;

/** What a change event did to a row, from Debezium's {@code op} field. */
public enum ChangeKind {
  /** {@code r}: a row read by the initial snapshot. */
  READ,
  /** {@code c}: an INSERT. */
  CREATE,
  /** {@code u}: an UPDATE. */
  UPDATE,
  /** {@code d}: a DELETE. */
  DELETE,
  /** {@code t}: a TRUNCATE of the whole table. */
  TRUNCATE;

  /**
   * The kind for an {@code op} code.
   *
   * @return the kind, or null when {@code op} is not a row change (e.g. {@code m} for a logical
   *     decoding message)
   */
  public static ChangeKind fromOp(String op) {
    if (op == null) {
      return null;
    }
    return switch (op) {
      case "r" -> READ;
      case "c" -> CREATE;
      case "u" -> UPDATE;
      case "d" -> DELETE;
      case "t" -> TRUNCATE;
      default -> null;
    };
  }
}
