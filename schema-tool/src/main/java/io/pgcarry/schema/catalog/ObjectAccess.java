package io.pgcarry.schema.catalog;

import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.Privilege;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who owns each user object of a database and which privileges differ from the defaults, read from
 * the catalog. Immutable.
 *
 * @param owners the owner's role name by catalog row
 * @param privileges the privileges to grant or revoke by catalog row, in the order to apply them
 */
public record ObjectAccess(
    Map<CatalogRef, String> owners, Map<CatalogRef, List<Privilege>> privileges) {

  /** No owners and no privileges, for when neither is carried. */
  public static final ObjectAccess NONE = new ObjectAccess(Map.of(), Map.of());

  public ObjectAccess {
    owners = Map.copyOf(owners);
    privileges = Map.copyOf(privileges);
  }

  /**
   * Reads owners and privileges.
   *
   * @param connection an open connection to the database; left open
   * @throws CatalogReadFailure when a query fails
   */
  public static ObjectAccess read(Connection connection) {
    Map<CatalogRef, String> owners = new HashMap<>();
    for (CatalogRow row : CatalogQuery.run(connection, "owners")) {
      owners.put(new CatalogRef(row.string("catalog"), row.number("oid")), row.string("owner"));
    }
    Map<CatalogRef, List<Privilege>> privileges = new HashMap<>();
    for (CatalogRow row : CatalogQuery.run(connection, "privileges")) {
      privileges
          .computeIfAbsent(
              new CatalogRef(row.string("catalog"), row.number("oid")), k -> new ArrayList<>())
          .add(
              new Privilege(
                  Optional.ofNullable(row.string("column_name")),
                  Optional.ofNullable(row.string("grantee")),
                  row.string("privilege"),
                  row.bool("grantable"),
                  row.bool("revoke")));
    }
    return new ObjectAccess(owners, privileges);
  }
}
