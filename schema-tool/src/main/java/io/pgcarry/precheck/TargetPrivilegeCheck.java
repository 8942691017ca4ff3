package io.pgcarry.precheck;

import io.pgcarry.common.sql.Identifier;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the target account needs to create the schema and write the data: CREATEDB when the target
 * database does not exist yet; otherwise, for each migrated schema, ownership or USAGE and CREATE
 * when it exists, and CREATE on the database when it must be created.
 */
final class TargetPrivilegeCheck implements Check {

  static final String ID = "target-privileges";
  private static final PrecheckQuery SCHEMAS = PrecheckQuery.load("target-schemas.sql");

  private record SchemaRights(String schema, boolean owner, boolean usage, boolean create) {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Servers needs() {
    return Servers.TARGET;
  }

  @Override
  public List<Finding> run(CheckContext context) throws SQLException {
    RoleAttributes role = RoleAttributes.read(context.target());
    if (!context.targetDatabaseExists()) {
      return role.superuser() || role.createdb()
          ? List.of()
          : List.of(cannotCreateDatabase(context.targetUri().database(), role));
    }
    return role.superuser() ? List.of() : schemas(context, role);
  }

  private static Finding cannotCreateDatabase(String database, RoleAttributes role) {
    return Finding.error(
        ID,
        "target role " + role.name(),
        "the target database '"
            + database
            + "' does not exist and the target account lacks CREATEDB to create it;"
            + " grant CREATEDB or create the database owned by the account",
        "CREATE DATABASE "
            + Identifier.quote(database)
            + " OWNER "
            + Identifier.quote(role.name())
            + ";");
  }

  /** Rights in each migrated schema that exists, and CREATE on the database for the others. */
  private static List<Finding> schemas(CheckContext context, RoleAttributes role)
      throws SQLException {
    String grantee = Identifier.quote(role.name());
    Map<String, SchemaRights> existing = new TreeMap<>();
    for (SchemaRights rights :
        SCHEMAS.list(
            context.target(),
            r ->
                new SchemaRights(
                    r.getString("schema_name"),
                    r.getBoolean("is_owner"),
                    r.getBoolean("can_use"),
                    r.getBoolean("can_create")),
            (Object) context.schemas().toArray(String[]::new))) {
      existing.put(rights.schema(), rights);
    }
    List<Finding> findings = new ArrayList<>();
    Set<String> toCreate = new TreeSet<>();
    for (String schema : context.schemas()) {
      SchemaRights rights = existing.get(schema);
      if (rights == null) {
        toCreate.add(schema);
      } else if (!rights.owner() && !(rights.usage() && rights.create())) {
        findings.add(
            Finding.error(
                ID,
                "target schema " + Identifier.quote(schema),
                "the target account neither owns the schema nor has USAGE and CREATE on it, so"
                    + " it cannot create the migrated tables there",
                "GRANT USAGE, CREATE ON SCHEMA "
                    + Identifier.quote(schema)
                    + " TO "
                    + grantee
                    + ";"));
      }
    }
    if (!toCreate.isEmpty() && !role.canCreate()) {
      String database = context.targetUri().database();
      findings.add(
          Finding.error(
              ID,
              "target database " + database,
              "schemas "
                  + String.join(", ", toCreate)
                  + " do not exist on the target and the target account lacks CREATE on the"
                  + " database to create them",
              "GRANT CREATE ON DATABASE " + Identifier.quote(database) + " TO " + grantee + ";"));
    }
    return findings;
  }
}
