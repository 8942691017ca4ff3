package io.pgcarry.schema.ddl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code CREATE TABLE} with its columns, inline CHECK constraints and table properties, plus the
 * {@code ALTER TABLE} statements for what CREATE TABLE cannot say (storage, statistics, replica
 * identity, row-level security).
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-createtable.html">CREATE TABLE</a>
 */
public final class TableRenderer {

  private TableRenderer() {}

  /**
   * The options of an identity column's sequence.
   *
   * @param name the sequence's quoted, qualified name
   * @param unlogged whether the sequence is unlogged, when the source has sequences of their own
   *     persistence (PostgreSQL 15 and later); one that differs from its table's is set after
   *     CREATE TABLE ({@code ALTER SEQUENCE ... SET LOGGED}), as {@code ALTER SEQUENCE} made it
   */
  public record IdentitySequence(
      String name,
      String type,
      long start,
      long increment,
      long min,
      long max,
      long cache,
      boolean cycle,
      Optional<Boolean> unlogged) {}

  /**
   * A column; names are quoted, expressions are as the server rendered them.
   *
   * @param name quoted column name
   * @param type type with modifiers, from format_type
   * @param collation quoted, qualified non-default collation
   * @param defaultExpr default expression, or the generation expression of a generated column
   * @param notNull whether NOT NULL
   * @param identity {@code a} (ALWAYS) or {@code d} (BY DEFAULT) for an identity column
   * @param generated whether the column is GENERATED ALWAYS AS (expr) STORED
   * @param local whether the column is defined by the table itself, not only inherited
   * @param generatedByParent whether an inheritance parent has a generated column of this name, so
   *     that a child takes its generation expression from there
   * @param identitySequence options of the identity column's sequence
   * @param storage non-default storage: {@code p}, {@code e}, {@code m} or {@code x}
   * @param statistics non-default statistics target
   * @param options attribute options such as {@code n_distinct=100}
   * @param compression a compression method set on the column: {@code p} (pglz) or {@code l} (lz4)
   */
  public record Column(
      String name,
      String type,
      Optional<String> collation,
      Optional<String> defaultExpr,
      boolean notNull,
      Optional<String> identity,
      boolean generated,
      boolean local,
      boolean generatedByParent,
      Optional<IdentitySequence> identitySequence,
      Optional<String> storage,
      Optional<Integer> statistics,
      List<String> options,
      Optional<String> compression) {

    public Column {
      options = List.copyOf(options);
    }
  }

  /**
   * A table.
   *
   * @param name quoted, qualified target name
   * @param unlogged whether UNLOGGED
   * @param columns the columns in order
   * @param checks inline constraints, e.g. {@code CONSTRAINT c CHECK ((x > 0))}
   * @param inherits quoted parent names (inheritance, not partitioning)
   * @param partitionKey {@code RANGE (col)} for a partitioned table
   * @param ofType the composite type of a typed table ({@code CREATE TABLE ... OF type})
   * @param partition whether the table is a partition (all columns are listed, then attached)
   * @param accessMethod a table access method other than heap
   * @param options storage parameters, {@code name=value}
   * @param replicaIdentity {@code d}, {@code f}, {@code n} or {@code i}
   * @param rowSecurity whether row-level security is enabled
   * @param forceRowSecurity whether it is forced for the owner too
   */
  public record Table(
      String name,
      boolean unlogged,
      List<Column> columns,
      List<String> checks,
      List<String> inherits,
      Optional<String> partitionKey,
      Optional<String> ofType,
      boolean partition,
      Optional<String> accessMethod,
      List<String> options,
      String replicaIdentity,
      boolean rowSecurity,
      boolean forceRowSecurity) {

    public Table {
      columns = List.copyOf(columns);
      checks = List.copyOf(checks);
      inherits = List.copyOf(inherits);
      options = List.copyOf(options);
    }
  }

  /** The statements that create the table. */
  public static List<String> render(Table table) {
    List<String> elements = new ArrayList<>();
    List<String> alters = new ArrayList<>();
    String only = "ALTER TABLE ONLY " + table.name() + " ";
    for (Column column : table.columns()) {
      boolean listed = column.local() || table.partition() || table.inherits().isEmpty();
      if (table.ofType().isPresent()) {
        typedColumn(column).ifPresent(elements::add);
      } else if (listed) {
        // An inheritance child takes a generated column's expression from a parent that has one;
        // a child may also generate a column its parent stores.
        boolean inheritsGeneration =
            column.generated() && column.generatedByParent() && !table.partition();
        elements.add(column(column, inheritsGeneration));
      } else {
        column
            .defaultExpr()
            .filter(d -> !column.generated())
            .ifPresent(
                d -> alters.add(only + "ALTER COLUMN " + column.name() + " SET DEFAULT " + d));
        if (column.notNull()) {
          alters.add(only + "ALTER COLUMN " + column.name() + " SET NOT NULL");
        }
      }
      column
          .storage()
          .ifPresent(
              s ->
                  alters.add(
                      only + "ALTER COLUMN " + column.name() + " SET STORAGE " + storage(s)));
      column
          .statistics()
          .ifPresent(
              s -> alters.add(only + "ALTER COLUMN " + column.name() + " SET STATISTICS " + s));
      column
          .compression()
          .ifPresent(
              c ->
                  alters.add(
                      only
                          + "ALTER COLUMN "
                          + column.name()
                          + " SET COMPRESSION "
                          + (c.equals("l") ? "lz4" : "pglz")));
      column
          .identitySequence()
          .filter(s -> s.unlogged().isPresent() && s.unlogged().get() != table.unlogged())
          .ifPresent(
              s ->
                  alters.add(
                      "ALTER SEQUENCE "
                          + s.name()
                          + (s.unlogged().get() ? " SET UNLOGGED" : " SET LOGGED")));
      if (!column.options().isEmpty()) {
        alters.add(
            only
                + "ALTER COLUMN "
                + column.name()
                + " SET ("
                + String.join(", ", column.options())
                + ")");
      }
    }
    elements.addAll(table.checks());
    StringBuilder create = new StringBuilder("CREATE ");
    if (table.unlogged()) {
      create.append("UNLOGGED ");
    }
    create.append("TABLE ").append(table.name());
    table.ofType().ifPresent(t -> create.append(" OF ").append(t));
    if (!elements.isEmpty()) {
      create.append(" (\n    ").append(String.join(",\n    ", elements)).append("\n)");
    } else if (table.ofType().isEmpty()) {
      create.append(" ()");
    }
    if (!table.inherits().isEmpty() && !table.partition()) {
      create.append("\nINHERITS (").append(String.join(", ", table.inherits())).append(")");
    }
    table.partitionKey().ifPresent(k -> create.append("\nPARTITION BY ").append(k));
    table.accessMethod().ifPresent(m -> create.append("\nUSING ").append(m));
    if (!table.options().isEmpty()) {
      create.append("\nWITH (").append(String.join(", ", table.options())).append(")");
    }
    List<String> out = new ArrayList<>();
    out.add(create.toString());
    out.addAll(alters);
    switch (table.replicaIdentity()) {
      case "f" -> out.add(only + "REPLICA IDENTITY FULL");
      case "n" -> out.add(only + "REPLICA IDENTITY NOTHING");
      default -> {}
    }
    if (table.rowSecurity()) {
      out.add("ALTER TABLE " + table.name() + " ENABLE ROW LEVEL SECURITY");
    }
    if (table.forceRowSecurity()) {
      out.add("ALTER TABLE " + table.name() + " FORCE ROW LEVEL SECURITY");
    }
    return out;
  }

  /** A typed table's column: only its options, when it has any. */
  private static Optional<String> typedColumn(Column column) {
    StringBuilder out = new StringBuilder();
    column.defaultExpr().ifPresent(d -> out.append(" DEFAULT ").append(d));
    if (column.notNull()) {
      out.append(" NOT NULL");
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(column.name() + " WITH OPTIONS" + out);
  }

  private static String column(Column column, boolean inheritsGeneration) {
    StringBuilder out = new StringBuilder(column.name()).append(' ').append(column.type());
    column.collation().ifPresent(c -> out.append(" COLLATE ").append(c));
    // With inheritsGeneration, CREATE TABLE ... INHERITS copies the parent's expression.
    if (column.generated() && !inheritsGeneration) {
      column
          .defaultExpr()
          .ifPresent(e -> out.append(" GENERATED ALWAYS AS (").append(e).append(") STORED"));
    } else if (!column.generated()) {
      column.defaultExpr().ifPresent(d -> out.append(" DEFAULT ").append(d));
    }
    if (column.notNull()) {
      out.append(" NOT NULL");
    }
    column.identity().ifPresent(i -> out.append(identity(i, column.identitySequence())));
    return out.toString();
  }

  private static String identity(String kind, Optional<IdentitySequence> sequence) {
    StringBuilder out =
        new StringBuilder(" GENERATED ")
            .append(kind.equals("a") ? "ALWAYS" : "BY DEFAULT")
            .append(" AS IDENTITY");
    sequence.ifPresent(
        s ->
            out.append(" (\n        SEQUENCE NAME ")
                .append(s.name())
                .append(
                    SequenceRenderer.settings(
                            s.start(), s.increment(), s.min(), s.max(), s.cache(), s.cycle())
                        .replace("\n    ", "\n        "))
                .append("\n    )"));
    return out.toString();
  }

  private static String storage(String code) {
    return switch (code) {
      case "p" -> "PLAIN";
      case "e" -> "EXTERNAL";
      case "m" -> "MAIN";
      default -> "EXTENDED";
    };
  }
}
