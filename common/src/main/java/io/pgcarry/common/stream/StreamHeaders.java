package io.pgcarry.common.stream;

/**
 * The Kafka record headers pgcarry's source connector writes and its sink reads: the contract
 * between the two connectors, and the part of the change topics' format that downstream consumers
 * see besides Debezium's envelope. Every header value is a UTF-8 string. The source connector's
 * README describes the records in full.
 */
public final class StreamHeaders {

  private StreamHeaders() {}

  /**
   * What a pgcarry record carries: {@link #KIND_COPY}, {@link #KIND_SNAPSHOT_END}, {@link
   * #KIND_DDL}, {@link #KIND_VERIFY}, {@link #KIND_REPAIR} or {@link #KIND_INSPECT}. Absent on
   * Debezium's own records (change events, transaction markers, heartbeats).
   */
  public static final String KIND = "pgcarry.kind";

  /** Rows of the initial snapshot in PostgreSQL's COPY text format. */
  public static final String KIND_COPY = "copy";

  /** The end of one table's initial snapshot; {@link #ROWS} is the table's row total. */
  public static final String KIND_SNAPSHOT_END = "snapshot-end";

  /**
   * A DDL command captured on the source ({@link SchemaChanges}), its JSON as the value, written to
   * every change topic of the migration at its place in the stream.
   */
  public static final String KIND_DDL = "ddl";

  /**
   * A chunk marker of the online verification ({@link ChunkMarker}): a range of one table's rows
   * with its count and checksum on the source where the marker is, its JSON as the value, written
   * to that table's change topic alone, with the stream position of its own transaction.
   */
  public static final String KIND_VERIFY = "verify";

  /**
   * A chunk marker with the chunk's rows, which replace the chunk on the target at the marker
   * before it is compared: the marker's JSON on a first line, then the rows in COPY text.
   */
  public static final String KIND_REPAIR = "repair";

  /**
   * A chunk marker with the chunk's rows, which the sink compares row by row with the target's at
   * the marker, to name the rows that differ: the marker's JSON on a first line, then the rows in
   * COPY text.
   */
  public static final String KIND_INSPECT = "inspect";

  /**
   * The snapshot a full-load record belongs to: the consistent point of the replication slot whose
   * exported snapshot was read, as an LSN ({@code X/Y}). A snapshot that is started again gets a
   * new slot and so a greater value; a sink that meets a new value for a table empties the table.
   */
  public static final String SNAPSHOT = "pgcarry.snapshot";

  /** The source table's schema name, unquoted. */
  public static final String SCHEMA = "pgcarry.schema";

  /** The source table's name, unquoted. */
  public static final String TABLE = "pgcarry.table";

  /** The columns of a COPY record, a JSON array of unquoted names, in the order of the fields. */
  public static final String COLUMNS = "pgcarry.columns";

  /** The chunk of the table a COPY record belongs to, from 1. */
  public static final String CHUNK = "pgcarry.chunk";

  /** How many chunks the table was cut into. */
  public static final String CHUNKS = "pgcarry.chunks";

  /** Rows in a COPY record; on {@link #KIND_SNAPSHOT_END}, rows of the whole table. */
  public static final String ROWS = "pgcarry.rows";

  /**
   * On a streamed change: an LSN at or after the commit of every transaction the stream carried
   * before this change's transaction, and before this transaction's own commit. It orders
   * transactions; see {@link ChangePosition}.
   */
  public static final String TX_AFTER = "pgcarry.tx.after";

  /**
   * On a streamed change: the LSN of its transaction's first change, which names the transaction.
   */
  public static final String TX_FIRST = "pgcarry.tx.first";

  /** On a streamed change: its number within its transaction, from 1, across all tables. */
  public static final String TX_SEQ = "pgcarry.tx.seq";

  /**
   * {@code true} on the last change of a transaction in its topic; absent on the others. A sink may
   * hold a transaction's changes to a table until this header to apply them together.
   */
  public static final String TX_END = "pgcarry.tx.end";
}
