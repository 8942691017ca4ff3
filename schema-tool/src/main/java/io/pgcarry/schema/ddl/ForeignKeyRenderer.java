package io.pgcarry.schema.ddl;

import java.util.List;

/**
 * {@code ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY}, built from its parts so that renamed
 * tables and columns can be written with their target names.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-altertable.html">ALTER TABLE</a>
 */
public final class ForeignKeyRenderer {

  private ForeignKeyRenderer() {}

  /**
   * A foreign key; every name is quoted, tables qualified.
   *
   * @param onUpdate pg_constraint.confupdtype: a, r, c, n or d
   * @param onDelete pg_constraint.confdeltype
   * @param match pg_constraint.confmatchtype: f, p or s
   */
  public record ForeignKey(
      String name,
      String table,
      List<String> columns,
      String referencedTable,
      List<String> referencedColumns,
      String onUpdate,
      String onDelete,
      String match,
      boolean deferrable,
      boolean deferred) {

    public ForeignKey {
      columns = List.copyOf(columns);
      referencedColumns = List.copyOf(referencedColumns);
    }
  }

  /** The constraint definition as pg_get_constraintdef would write it. */
  public static String definition(ForeignKey fk) {
    StringBuilder out =
        new StringBuilder("FOREIGN KEY (")
            .append(String.join(", ", fk.columns()))
            .append(") REFERENCES ")
            .append(fk.referencedTable())
            .append("(")
            .append(String.join(", ", fk.referencedColumns()))
            .append(")");
    if (fk.match().equals("f")) {
      out.append(" MATCH FULL");
    }
    if (!fk.onUpdate().equals("a")) {
      out.append(" ON UPDATE ").append(action(fk.onUpdate()));
    }
    if (!fk.onDelete().equals("a")) {
      out.append(" ON DELETE ").append(action(fk.onDelete()));
    }
    if (fk.deferrable()) {
      out.append(" DEFERRABLE");
    }
    if (fk.deferred()) {
      out.append(" INITIALLY DEFERRED");
    }
    return out.toString();
  }

  /**
   * The statement that adds a foreign key with the given definition.
   *
   * @param notValid whether to add it {@code NOT VALID}, to be validated later
   */
  public static String addConstraint(
      String table, String name, String definition, boolean notValid) {
    String body = definition;
    if (notValid && !body.endsWith(" NOT VALID")) {
      body = body + " NOT VALID";
    }
    return "ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + body;
  }

  /**
   * The statement that validates a foreign key added {@code NOT VALID}.
   *
   * @param table the table, quoted and qualified
   * @param name the constraint, quoted
   */
  public static String validateConstraint(String table, String name) {
    return "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + name;
  }

  private static String action(String code) {
    return switch (code) {
      case "r" -> "RESTRICT";
      case "c" -> "CASCADE";
      case "n" -> "SET NULL";
      case "d" -> "SET DEFAULT";
      default -> "NO ACTION";
    };
  }
}
