package io.pgcarry.sink.apply;

/** The kinds of statement the sink runs; one renderer method per kind. */
public enum StepKind {
  /** Keyed table: write whole rows, inserting or updating by key. */
  UPSERT,
  /**
   * Rows of the initial snapshot: {@code COPY FROM STDIN}, falling back to UPSERT for a keyed table
   * if a row is there already.
   */
  COPY,
  /**
   * Rows of full-load records, already in COPY text: {@code COPY FROM STDIN} of their bytes as they
   * are.
   */
  LOAD,
  /** Keyed table: update the present columns of rows whose other columns were left out. */
  UPDATE_PRESENT,
  /**
   * Keyed table: change the key of one row in place, keeping the columns whose values were left out
   * (a key change of a row with unchanged TOAST values).
   */
  MOVE_KEY,
  /** Keyed table: delete rows by key. */
  DELETE,
  /** Table without key: insert rows. */
  INSERT,
  /** Table without key: update exactly one row equal to the old row image. */
  UPDATE_ONE,
  /** Table without key: delete exactly one row equal to the old row image. */
  DELETE_ONE,
  /** Empty the table (a TRUNCATE event). */
  TRUNCATE,
  /**
   * Empty the table before its snapshot, so that a snapshot started over after an interruption does
   * not duplicate rows (DELETE, which foreign keys do not block in replica mode).
   */
  CLEAR
}
