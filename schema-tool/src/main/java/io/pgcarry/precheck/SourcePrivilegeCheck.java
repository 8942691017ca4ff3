package io.pgcarry.precheck;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the source account needs: the REPLICATION attribute (or superuser, or a managed service's
 * replication role) to create and stream a slot; USAGE on every migrated schema and SELECT on every
 * migrated table for the initial copy; SELECT on the sequences of the migrated schemas, whose
 * values cutover copies; and either an existing publication or the right to create one, which for
 * {@code CREATE PUBLICATION … FOR TABLE} means CREATE on the database and ownership of every table.
 * CONNECT is proved by the connection itself ({@link ConnectivityCheck} reports its absence).
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-createpublication.html">CREATE
 *     PUBLICATION</a>
 */
final class SourcePrivilegeCheck implements Check {

  static final String ID = "source-privileges";
  private static final PrecheckQuery TABLES = PrecheckQuery.load("table-privileges.sql");
  private static final PrecheckQuery PUBLICATION = PrecheckQuery.load("publication.sql");
  private static final PrecheckQuery PUBLISHED = PrecheckQuery.load("publication-tables.sql");
  private static final PrecheckQuery SEQUENCES = PrecheckQuery.load("sequence-privileges.sql");

  private record TablePrivileges(TableId table, boolean usage, boolean select, boolean owner) {}

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
    RoleAttributes role = RoleAttributes.read(context.source());
    List<Finding> findings = new ArrayList<>();
    if (!role.superuser() && !role.replication() && !role.replicationMember()) {
      findings.add(
          Finding.error(
              ID,
              "source role " + role.name(),
              "the source account has neither the REPLICATION attribute nor superuser, so it"
                  + " cannot create or stream a replication slot (on Amazon RDS grant the"
                  + " rds_replication role instead)",
              "ALTER ROLE " + Identifier.quote(role.name()) + " REPLICATION;"));
    }
    List<TablePrivileges> tables = migratedTables(context);
    findings.addAll(readAccess(tables, Identifier.quote(role.name())));
    findings.addAll(sequences(context, Identifier.quote(role.name())));
    findings.addAll(publication(context, role, tables));
    return findings;
  }

  private static List<TablePrivileges> migratedTables(CheckContext context) throws SQLException {
    return TABLES
        .list(
            context.source(),
            row ->
                new TablePrivileges(
                    new TableId(row.getString("schema_name"), row.getString("table_name")),
                    row.getBoolean("schema_usage"),
                    row.getBoolean("can_select"),
                    row.getBoolean("is_owner")))
        .stream()
        .filter(t -> context.migrates(t.table()))
        .toList();
  }

  /** USAGE on each schema and SELECT on each table, one finding per schema. */
  private static List<Finding> readAccess(List<TablePrivileges> tables, String grantee) {
    Set<String> noUsage = new TreeSet<>();
    Map<String, List<TableId>> noSelect = new TreeMap<>();
    for (TablePrivileges t : tables) {
      if (!t.usage()) {
        noUsage.add(t.table().schema());
      }
      if (!t.select()) {
        noSelect.computeIfAbsent(t.table().schema(), s -> new ArrayList<>()).add(t.table());
      }
    }
    List<Finding> findings = new ArrayList<>();
    for (String schema : noUsage) {
      findings.add(
          Finding.error(
              ID,
              "source schema " + Identifier.quote(schema),
              "the source account lacks USAGE on the schema, so it cannot read its tables",
              "GRANT USAGE ON SCHEMA " + Identifier.quote(schema) + " TO " + grantee + ";"));
    }
    noSelect.forEach(
        (schema, missing) ->
            findings.add(
                Finding.error(
                    ID,
                    "source schema " + Identifier.quote(schema),
                    "the source account cannot SELECT from "
                        + describe(missing)
                        + ", so the initial copy would fail",
                    missing.stream()
                        .map(t -> "GRANT SELECT ON TABLE " + t.quoted() + " TO " + grantee + ";")
                        .collect(Collectors.joining("\n")))));
    return findings;
  }

  /** SELECT on the sequences of the migrated schemas, whose values cutover copies. */
  private static List<Finding> sequences(CheckContext context, String grantee) throws SQLException {
    List<TableId> unreadable =
        SEQUENCES
            .list(
                context.source(),
                row ->
                    row.getBoolean("can_select")
                        ? null
                        : new TableId(row.getString("schema_name"), row.getString("sequence_name")))
            .stream()
            .filter(s -> s != null && context.schemas().contains(s.schema()))
            .toList();
    if (unreadable.isEmpty()) {
      return List.of();
    }
    return List.of(
        Finding.error(
            ID,
            "source sequences",
            "the source account cannot read "
                + unreadable.size()
                + " sequence"
                + (unreadable.size() == 1 ? "" : "s")
                + ", whose values cutover copies to the target (logical decoding does not carry"
                + " them)",
            unreadable.stream()
                .map(s -> "GRANT SELECT ON SEQUENCE " + s.quoted() + " TO " + grantee + ";")
                .collect(Collectors.joining("\n"))));
  }

  private List<Finding> publication(
      CheckContext context, RoleAttributes role, List<TablePrivileges> tables) throws SQLException {
    String name = context.settings().publicationName();
    List<Boolean> allTables =
        PUBLICATION.list(context.source(), row -> row.getBoolean("puballtables"), name);
    String object = "publication " + name;
    if (!allTables.isEmpty()) {
      return allTables.get(0) ? List.of() : unpublished(context, name, object);
    }
    List<Finding> findings = new ArrayList<>();
    if (!role.superuser() && !role.canCreate()) {
      findings.add(
          Finding.error(
              ID,
              object,
              "publication '"
                  + name
                  + "' does not exist and the source account cannot create it: CREATE"
                  + " PUBLICATION needs the CREATE privilege on the database",
              "GRANT CREATE ON DATABASE "
                  + Identifier.quote(context.sourceInfo().database())
                  + " TO "
                  + Identifier.quote(role.name())
                  + ";"));
    }
    List<TableId> notOwned =
        tables.stream().filter(t -> !t.owner()).map(TablePrivileges::table).toList();
    if (!role.superuser() && !notOwned.isEmpty()) {
      findings.add(
          Finding.error(
              ID,
              object,
              "publication '"
                  + name
                  + "' does not exist and the source account cannot create it: publishing a"
                  + " table needs its ownership, and the account does not own "
                  + describe(notOwned)
                  + ". Create the publication beforehand as a superuser",
              createPublication(name, context.tables())));
    }
    return findings;
  }

  private List<Finding> unpublished(CheckContext context, String name, String object)
      throws SQLException {
    Set<TableId> published =
        new TreeSet<>(
            PUBLISHED.list(
                context.source(),
                row -> new TableId(row.getString("schema_name"), row.getString("table_name")),
                name));
    List<TableId> missing = context.tables().stream().filter(t -> !published.contains(t)).toList();
    if (missing.isEmpty()) {
      return List.of();
    }
    return List.of(
        Finding.warning(
            ID,
            object,
            "publication '"
                + name
                + "' exists but does not publish "
                + describe(missing)
                + "; their changes are not streamed unless they are added to it",
            "ALTER PUBLICATION "
                + Identifier.quote(name)
                + " ADD TABLE "
                + missing.stream().map(TableId::quoted).collect(Collectors.joining(", "))
                + ";"));
  }

  private static String createPublication(String name, Set<TableId> tables) {
    return "CREATE PUBLICATION "
        + Identifier.quote(name)
        + " FOR TABLE "
        + tables.stream().map(TableId::quoted).collect(Collectors.joining(", "))
        + ";";
  }

  /** Names up to five tables, then says how many more. */
  static String describe(List<TableId> tables) {
    String names = tables.stream().limit(5).map(TableId::quoted).collect(Collectors.joining(", "));
    int more = tables.size() - 5;
    String noun = tables.size() == 1 ? "table " : tables.size() + " tables: ";
    return noun + names + (more > 0 ? " and " + more + " more" : "");
  }
}
