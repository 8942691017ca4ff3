package io.pgcarry.schema.catalog;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.schema.ddl.TargetNames;
import java.util.List;
import java.util.Optional;

/**
 * Rebuilds a PRIMARY KEY or UNIQUE constraint on plain columns with the columns' target names, so
 * renaming a key column does not stop the run. Only a definition this class can reproduce exactly
 * from its column list is rebuilt; anything else (expressions, INCLUDE, storage parameters) is left
 * to {@link SourceText}, which refuses renamed columns.
 */
public final class KeyText {

  private static final List<String> TAILS =
      List.of("", " DEFERRABLE", " DEFERRABLE INITIALLY DEFERRED");

  private KeyText() {}

  /**
   * The definition with target column names, or empty when it is not a plain key.
   *
   * @param definition as pg_get_constraintdef writes it, e.g. {@code PRIMARY KEY (id)}
   * @param columns the key's source column names, in key order
   */
  public static Optional<String> rebuild(
      TargetNames names, TableId table, String definition, List<String> columns) {
    for (String head : List.of("PRIMARY KEY", "UNIQUE")) {
      String source = head + " (" + join(columns) + ")";
      for (String tail : TAILS) {
        if (definition.equals(source + tail)) {
          List<String> target = columns.stream().map(c -> names.column(table, c)).toList();
          for (String column : columns) {
            SourceText.requireCarried(names, table, column, head + " " + table);
          }
          return Optional.of(head + " (" + String.join(", ", target) + ")" + tail);
        }
      }
    }
    return Optional.empty();
  }

  private static String join(List<String> columns) {
    return String.join(", ", columns.stream().map(Identifier::quote).toList());
  }
}
