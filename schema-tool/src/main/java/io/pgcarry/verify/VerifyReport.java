package io.pgcarry.verify;

import java.util.List;

/** The outcome of comparing every selected table of a source and a target. */
public record VerifyReport(List<TableCheck> tables) {

  public VerifyReport {
    tables = List.copyOf(tables);
  }

  public boolean matches() {
    return tables.stream().allMatch(TableCheck::matches);
  }

  public long mismatches() {
    return tables.stream().filter(t -> !t.matches()).count();
  }

  /** A table per line, mismatches marked, and a closing summary line. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    for (TableCheck t : tables) {
      String names =
          t.table().equals(t.targetTable()) ? t.table() : t.table() + " -> " + t.targetTable();
      out.append(
          String.format(
              "%-8s %-50s rows %,d / %,d%n",
              t.matches() ? "ok" : "MISMATCH", names, t.sourceRows(), t.targetRows()));
    }
    out.append(
        String.format(
            "%d tables, %d match, %d differ%n",
            tables.size(), tables.size() - mismatches(), mismatches()));
    return out.toString();
  }
}
