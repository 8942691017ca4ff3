package io.pgcarry.migrate.verify;

import java.util.List;

/**
 * The outcome of an online verification: per table, whether the target held exactly the source's
 * rows at every chunk's marker. Immutable.
 *
 * @param run the run's name, as the verified chunk table on the target holds it
 * @param tables every table checked, in name order
 */
public record OnlineVerifyReport(String run, List<TableVerdict> tables) {

  public OnlineVerifyReport {
    tables = List.copyOf(tables);
  }

  /**
   * One table.
   *
   * @param table the source table
   * @param targetTable the table compared on the target
   * @param chunks its chunks
   * @param matched chunks identical on both sides at their markers
   * @param rows rows of the matched chunks on the source
   * @param firstLsn the smallest LSN of a matched chunk's marker, or null
   * @param lastLsn the largest, or null
   * @param pending chunks neither matched nor differing yet: still to be checked or compared, or,
   *     in a finished report, never compared
   * @param differing the chunks that differ
   * @param unverified in a finished report, the chunks without a verdict, one line each: the lock
   *     was never granted, or the sink's result did not arrive in time
   */
  public record TableVerdict(
      String table,
      String targetTable,
      int chunks,
      int matched,
      long rows,
      String firstLsn,
      String lastLsn,
      int pending,
      List<ChunkDifference> differing,
      List<String> unverified) {

    public TableVerdict {
      differing = List.copyOf(differing);
      unverified = List.copyOf(unverified);
    }

    /** Whether every chunk was compared and matched. */
    public boolean identical() {
      return matched == chunks;
    }
  }

  /**
   * A chunk whose rows differ on the target at its marker.
   *
   * @param chunk its number in the run
   * @param range its rows, for people
   * @param key the key column of the range (source name), or null for the whole table
   * @param from the range's smallest key, or null for no lower bound
   * @param to the smallest key above the range, or null for no upper bound
   * @param lsn its marker's LSN on the source
   * @param sourceRows rows on the source
   * @param targetRows rows on the target
   * @param rows the rows that differ, when the chunk was inspected row by row (at most 100): their
   *     keys, or for a table compared whole their text with how often each side holds it; empty
   *     when no row differed any more where it was inspected; null when it was not inspected (a
   *     verification with {@code --repair}, or a chunk too large)
   */
  public record ChunkDifference(
      int chunk,
      String range,
      String key,
      Long from,
      Long to,
      String lsn,
      long sourceRows,
      long targetRows,
      List<String> rows) {

    public ChunkDifference {
      rows = rows == null ? null : List.copyOf(rows);
    }

    /** The same difference with the rows that differ. */
    public ChunkDifference withRows(List<String> differing) {
      return new ChunkDifference(
          chunk, range, key, from, to, lsn, sourceRows, targetRows, differing);
    }
  }

  /** The same report with the rows that differ of each chunk inspected, by chunk number. */
  public OnlineVerifyReport withRows(java.util.Map<Integer, List<String>> rows) {
    return new OnlineVerifyReport(
        run,
        tables.stream()
            .map(
                t ->
                    new TableVerdict(
                        t.table(),
                        t.targetTable(),
                        t.chunks(),
                        t.matched(),
                        t.rows(),
                        t.firstLsn(),
                        t.lastLsn(),
                        t.pending(),
                        t.differing().stream()
                            .map(
                                d ->
                                    rows.containsKey(d.chunk())
                                        ? d.withRows(rows.get(d.chunk()))
                                        : d)
                            .toList(),
                        t.unverified()))
            .toList());
  }

  /** Whether every table is identical. */
  public boolean identical() {
    return tables.stream().allMatch(TableVerdict::identical);
  }

  /** A table per line (and a line per differing chunk), then a closing summary line. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    for (TableVerdict t : tables) {
      append(out, t);
    }
    long differ = tables.stream().filter(t -> !t.differing().isEmpty()).count();
    long identical = tables.stream().filter(TableVerdict::identical).count();
    out.append(
        String.format(
            "%d tables, %d identical, %d differ, %d not verified (run %s)%n",
            tables.size(), identical, differ, tables.size() - identical - differ, run));
    return out.toString();
  }

  /** For people: the rows of an inspected chunk that differ. */
  public static String differingRows(ChunkDifference d) {
    if (d.rows().isEmpty()) {
      return "no row differed any more when the chunk was read again";
    }
    return (d.key() == null ? "rows that differ: " : d.key() + " of the rows that differ: ")
        + String.join(d.key() == null ? "; " : ", ", d.rows())
        + (d.rows().size() >= 100 ? ", and maybe more" : "");
  }

  /** One table's lines: its verdict, each range that differs, each chunk not compared. */
  private static void append(StringBuilder out, TableVerdict t) {
    String names =
        t.table().equals(t.targetTable()) ? t.table() : t.table() + " -> " + t.targetTable();
    if (t.identical()) {
      String at =
          t.firstLsn() == null
              ? ""
              : " at LSN "
                  + (t.firstLsn().equals(t.lastLsn())
                      ? t.firstLsn()
                      : t.firstLsn() + " to " + t.lastLsn());
      out.append(
          String.format(
              "%-10s %s%s (%,d chunks, %,d rows)%n", "identical", names, at, t.chunks(), t.rows()));
      return;
    }
    if (t.differing().isEmpty()) {
      out.append(
          String.format(
              "%-10s %s: %,d of %,d chunks not compared%n",
              "UNVERIFIED", names, t.pending(), t.chunks()));
    } else {
      out.append(
          String.format(
              "%-10s %s: %,d of %,d chunks differ%n",
              "DIFFERS", names, t.differing().size(), t.chunks()));
    }
    for (ChunkDifference d : t.differing()) {
      out.append(
          String.format(
              "%-10s   %s at LSN %s: %,d rows on the source, %,d on the target%n",
              "", d.range(), d.lsn(), d.sourceRows(), d.targetRows()));
      if (d.rows() != null) {
        out.append(String.format("%-10s     %s%n", "", differingRows(d)));
      }
    }
    t.unverified().forEach(line -> out.append(String.format("%-10s   %s%n", "", line)));
  }
}
