package io.pgcarry.sink.catalog;

import io.pgcarry.common.TableId;

/** The target has no table for a source table's events. */
public class MissingTableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MissingTableException(TableId table) {
    super(
        "table "
            + table.quoted()
            + " does not exist on the target; create it first (pgcarry schema)");
  }
}
