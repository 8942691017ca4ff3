package io.pgcarry.precheck;

import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.mapping.TableMapping;
import io.pgcarry.common.sql.Identifier;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The name mapping against the source catalog: every table and column it names must exist (a
 * misspelt name would silently do nothing); a column subset must keep the table's replica identity,
 * or the sink could not find the rows that change events update and delete; and no two migrated
 * tables may end up under one target name.
 */
final class MappingCheck implements Check {

  static final String ID = "mapping";
  private static final PrecheckQuery COLUMNS = PrecheckQuery.load("table-columns.sql");
  private static final PrecheckQuery IDENTITIES =
      PrecheckQuery.load("replica-identity-columns.sql");

  private record Column(TableId table, String name) {}

  private record Identity(TableId table, char kind, List<String> columns) {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Servers needs() {
    return Servers.SOURCE;
  }

  @Override
  public List<Finding> run(CheckContext context) throws SQLException {
    NameMapping mapping = context.settings().mapping();
    if (mapping.isIdentity()) {
      return List.of();
    }
    Map<TableId, Set<String>> columns = new HashMap<>();
    for (Column column :
        COLUMNS.list(
            context.source(), row -> new Column(table(row), row.getString("column_name")))) {
      columns.computeIfAbsent(column.table(), t -> new LinkedHashSet<>()).add(column.name());
    }
    Map<TableId, Identity> identities = new HashMap<>();
    for (Identity identity :
        IDENTITIES.list(
            context.source(),
            row ->
                new Identity(
                    table(row),
                    row.getString("replica_identity").charAt(0),
                    List.of((String[]) row.getArray("identity_columns").getArray())))) {
      identities.put(identity.table(), identity);
    }
    List<Finding> findings = new ArrayList<>();
    mapping
        .tables()
        .forEach(
            (table, entry) ->
                findings.addAll(
                    entry(context, table, entry, columns.get(table), identities.get(table))));
    findings.addAll(collisions(context));
    return findings;
  }

  private static TableId table(ResultSet row) throws SQLException {
    return new TableId(row.getString("schema_name"), row.getString("table_name"));
  }

  private static List<Finding> entry(
      CheckContext context,
      TableId table,
      TableMapping entry,
      Set<String> columns,
      Identity identity) {
    if (columns == null) {
      return List.of(
          Finding.error(
              ID,
              table.quoted(),
              "the mapping names this table, which the source database does not have; write it"
                  + " as schema.table, exactly as the catalog stores the names",
              null));
    }
    if (!context.migrates(table)) {
      return List.of(
          Finding.warning(
              ID,
              table.quoted(),
              "the mapping names this table, which --include/--exclude leave out; the entry has"
                  + " no effect",
              null));
    }
    List<Finding> findings = new ArrayList<>(unknownColumns(table, entry, columns));
    if (entry.selectsColumns() && identity != null) {
      findings.addAll(identity(table, entry, identity));
    }
    return findings;
  }

  private static List<Finding> unknownColumns(
      TableId table, TableMapping entry, Set<String> columns) {
    Set<String> named = new TreeSet<>(entry.columns().keySet());
    named.addAll(entry.includeColumns());
    named.addAll(entry.excludeColumns());
    named.removeAll(columns);
    if (named.isEmpty()) {
      return List.of();
    }
    return List.of(
        Finding.error(
            ID,
            table.quoted(),
            "the mapping names columns the table does not have: "
                + String.join(", ", named.stream().map(Identifier::quote).toList()),
            null));
  }

  private static List<Finding> identity(TableId table, TableMapping entry, Identity identity) {
    if (identity.kind() == 'f') {
      return List.of(
          Finding.info(
              ID,
              table.quoted(),
              "the table has REPLICA IDENTITY FULL and the mapping carries some of its columns:"
                  + " the sink finds the rows to update and delete by the carried columns"));
    }
    List<String> missing = identity.columns().stream().filter(c -> !entry.carries(c)).toList();
    if (missing.isEmpty()) {
      return List.of();
    }
    return List.of(
        Finding.error(
            ID,
            table.quoted(),
            "the mapping leaves out "
                + String.join(", ", missing.stream().map(Identifier::quote).toList())
                + ", part of the table's replica identity ("
                + (identity.kind() == 'i' ? "its REPLICA IDENTITY index" : "its primary key")
                + "): change events identify rows by it, so the sink could not find the rows"
                + " to update and delete. Carry those columns",
            null));
  }

  private static List<Finding> collisions(CheckContext context) {
    Map<TableId, TableId> byTarget = new HashMap<>();
    List<Finding> findings = new ArrayList<>();
    for (TableId table : context.tables()) {
      TableId previous = byTarget.putIfAbsent(context.targetOf(table), table);
      if (previous != null) {
        findings.add(
            Finding.error(
                ID,
                context.targetOf(table).quoted(),
                "both "
                    + previous
                    + " and "
                    + table
                    + " would become this table on the target; rename one of them in the"
                    + " mapping, or leave one out",
                null));
      }
    }
    return findings;
  }
}
