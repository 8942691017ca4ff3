package io.pgcarry.schema.apply;

import io.pgcarry.schema.SchemaFailure;
import io.pgcarry.schema.catalog.CatalogQuery;
import io.pgcarry.schema.catalog.CatalogRow;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks, before anything is created, that every role the run will name as owner or grantee exists
 * on the target server. Roles belong to the server, not the database, so any database of the target
 * server answers.
 */
public final class RoleCheck {

  private RoleCheck() {}

  /**
   * @param target an open connection to the target server; left open
   * @param rolesByObject the target role names each object names, by the object's description
   * @throws SchemaFailure naming every missing role, an object that needs it, and the fix
   */
  public static void requireRoles(
      Connection target, Map<String, ? extends Set<String>> rolesByObject) {
    Set<String> present = new HashSet<>();
    for (CatalogRow row : CatalogQuery.run(target, "roles")) {
      present.add(row.string("name"));
    }
    Map<String, String> missing = new TreeMap<>();
    new TreeMap<>(rolesByObject)
        .forEach(
            (object, roles) -> {
              for (String role : new TreeSet<>(roles)) {
                if (!present.contains(role)) {
                  missing.putIfAbsent(role, object);
                }
              }
            });
    if (missing.isEmpty()) {
      return;
    }
    List<String> each = new ArrayList<>();
    missing.forEach((role, object) -> each.add("role \"" + role + "\" (used by " + object + ")"));
    throw new SchemaFailure(
        "the target server has no "
            + String.join(", ", each)
            + "; create the role(s) on the target, or map each to an existing target role with"
            + " --role-map source_role=target_role; nothing was created");
  }
}
