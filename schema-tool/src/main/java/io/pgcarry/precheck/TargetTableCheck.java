package io.pgcarry.precheck;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A migrated table that already exists on the target (under its target name) is a warning: its
 * definition must match the source's. If it also holds rows, that is an error: the initial copy
 * would collide with them. So is a table the target account may not INSERT into, UPDATE or DELETE
 * from, since the sink does all three.
 */
final class TargetTableCheck implements Check {

  static final String ID = "target-tables";
  private static final PrecheckQuery TABLES = PrecheckQuery.load("target-tables.sql");

  private record TargetTable(TableId table, List<String> missingPrivileges) {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Servers needs() {
    return Servers.BOTH;
  }

  @Override
  public List<Finding> run(CheckContext context) throws SQLException {
    if (!context.targetDatabaseExists()) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (TargetTable existing : TABLES.list(context.target(), TargetTableCheck::read)) {
      if (context.sourceOf(existing.table()).isPresent()) {
        findings.add(inspect(context, existing.table()));
        if (!existing.missingPrivileges().isEmpty()) {
          findings.add(unwritable(context, existing));
        }
      }
    }
    return findings;
  }

  private static TargetTable read(ResultSet row) throws SQLException {
    List<String> missing = new ArrayList<>();
    for (String privilege : List.of("INSERT", "UPDATE", "DELETE")) {
      if (!row.getBoolean("can_" + privilege.toLowerCase(Locale.ROOT))) {
        missing.add(privilege);
      }
    }
    return new TargetTable(
        new TableId(row.getString("schema_name"), row.getString("table_name")), missing);
  }

  private static Finding unwritable(CheckContext context, TargetTable existing) {
    String privileges = String.join(", ", existing.missingPrivileges());
    return Finding.error(
        ID,
        existing.table().quoted(),
        "the table exists on the target and the target account lacks "
            + privileges
            + " on it; the sink inserts, updates and deletes rows",
        "GRANT "
            + privileges
            + " ON TABLE "
            + existing.table().quoted()
            + " TO "
            + Identifier.quote(context.targetInfo().user())
            + ";");
  }

  private static Finding inspect(CheckContext context, TableId table) {
    // Identifier-quoted name, no values: one probe per existing table.
    String probe = "SELECT EXISTS (SELECT 1 FROM " + table.quoted() + ")";
    try (PreparedStatement statement = context.target().prepareStatement(probe);
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      if (rs.getBoolean(1)) {
        return Finding.error(
            ID,
            table.quoted(),
            "the table already exists on the target and holds rows; the initial copy would"
                + " collide with them. Empty it if its rows are disposable, or leave the table"
                + " out of the migration",
            "TRUNCATE TABLE " + table.quoted() + ";");
      }
    } catch (SQLException e) {
      return Finding.warning(
          ID,
          table.quoted(),
          "the table already exists on the target, and whether it is empty cannot be read: "
              + e.getMessage(),
          null);
    }
    return Finding.warning(
        ID,
        table.quoted(),
        "the table already exists on the target (empty); pgcarry copies into it as it is, so its"
            + " columns and keys must match the source's",
        null);
  }
}
