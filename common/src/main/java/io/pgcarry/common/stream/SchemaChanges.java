package io.pgcarry.common.stream;

/**
 * The contract of DDL capture, and of the online verification's chunk markers, between what writes
 * them on the source, the source connector and the sink. The trigger writes transactional logical
 * messages ({@code pg_logical_emit_message}) under these prefixes, so each arrives in the change
 * stream at its place in its transaction:
 *
 * <ul>
 *   <li>{@link #ddlPrefix}: one DDL command, as JSON: {@code tag}, {@code query} (the client's
 *       query string), {@code ordinal} (which command of that query string with this tag, from 1),
 *       {@code statement} (present when the trigger wrote the statement itself), {@code
 *       search_path}, {@code objects} and {@code dropped} ({@code type}, {@code schema}, {@code
 *       identity}), and {@code published} (every table the publication holds after the command, as
 *       {@code schema.table}). The source connector adds {@code topics}: every change topic it
 *       wrote the command to, each of them once.
 *   <li>{@link #rowsPrefix}: rows of a table that joins the stream, which were committed before it
 *       joined: a first line of JSON ({@code schema}, {@code table}, {@code columns}, {@code rows},
 *       {@code chunk}, {@code snapshot}), then the rows in COPY text.
 *   <li>{@link #rowsEndPrefix}: the end of those rows, JSON with {@code schema}, {@code table},
 *       {@code rows} (the total) and {@code snapshot}.
 * </ul>
 *
 * <p>The online verification writes one more kind of message, in a transaction of its own that
 * holds its table in {@code SHARE} mode: {@link #verifyPrefix}, a chunk's count and checksum on the
 * source ({@link ChunkMarker}), or {@link #repairPrefix} and {@link #inspectPrefix}, the same with
 * the chunk's rows, to replace the chunk or to name the rows that differ. The source connector
 * writes it to its table's topic alone, at its place; the sink computes the same on the target
 * there.
 */
public final class SchemaChanges {

  private SchemaChanges() {}

  public static String ddlPrefix(String migration) {
    return "pgcarry.ddl:" + migration;
  }

  public static String rowsPrefix(String migration) {
    return "pgcarry.rows:" + migration;
  }

  public static String rowsEndPrefix(String migration) {
    return "pgcarry.rows-end:" + migration;
  }

  public static String verifyPrefix(String migration) {
    return "pgcarry.verify:" + migration;
  }

  /**
   * A chunk's rows read again on the source, to replace the chunk on the target: the chunk's marker
   * JSON on a first line ({@link ChunkMarker}), then the rows in COPY text.
   */
  public static String repairPrefix(String migration) {
    return "pgcarry.repair:" + migration;
  }

  /**
   * A chunk that differs, its rows read again on the source so that the sink can name the rows that
   * differ: the chunk's marker JSON on a first line ({@link ChunkMarker}), then the rows in COPY
   * text, which the sink compares row by row with the target's at the marker and does not apply.
   */
  public static String inspectPrefix(String migration) {
    return "pgcarry.inspect:" + migration;
  }
}
