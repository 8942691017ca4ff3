package io.pgcarry.schema.plan;

import io.pgcarry.schema.catalog.Catalog;
import io.pgcarry.schema.catalog.ObjectAccess;
import io.pgcarry.schema.ddl.AccessRenderer;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.Privilege;
import io.pgcarry.schema.ddl.SchemaObject;
import io.pgcarry.schema.ddl.TargetNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Adds owners and privileges to the objects of a catalog: each object that has an owner of its own
 * gets {@code ALTER ... OWNER TO} after its creating statements, then the {@code REVOKE} and {@code
 * GRANT} statements that reproduce its ACL. Because the additions become part of the object's
 * statements, a re-run compares owners and privileges too, and only when they are carried.
 * Immutable.
 */
public final class AccessPlanner {

  private final boolean owners;
  private final boolean privileges;
  private final UnaryOperator<String> roles;
  private final TargetNames names;

  /**
   * @param owners whether to carry owners
   * @param privileges whether to carry privileges
   * @param roles the target name of a source role
   * @param names the target names of source objects, for column privileges
   */
  public AccessPlanner(
      boolean owners, boolean privileges, UnaryOperator<String> roles, TargetNames names) {
    this.owners = owners;
    this.privileges = privileges;
    this.roles = roles;
    this.names = names;
  }

  /** Whether there is anything to add. */
  public boolean active() {
    return owners || privileges;
  }

  /** The catalog with owners and privileges added to its objects' statements. */
  public Catalog plan(Catalog catalog, ObjectAccess access) {
    List<SchemaObject> objects = new ArrayList<>();
    for (SchemaObject object : catalog.objects()) {
      List<String> added = statements(object, access);
      if (added.isEmpty()) {
        objects.add(object);
        continue;
      }
      List<String> statements = new ArrayList<>(object.statements());
      statements.addAll(added);
      objects.add(
          new SchemaObject(
              object.kind(),
              object.name(),
              object.schema(),
              object.table(),
              statements,
              object.refs(),
              object.requires()));
    }
    return catalog.withObjects(objects);
  }

  /** The target roles each object names as owner or grantee, by {@link SchemaObject#describe()}. */
  public Map<String, TreeSet<String>> rolesNamed(List<SchemaObject> objects, ObjectAccess access) {
    Map<String, TreeSet<String>> out = new HashMap<>();
    for (SchemaObject object : objects) {
      TreeSet<String> named = new TreeSet<>();
      CatalogRef ref = own(object, access);
      if (owners && ref != null) {
        named.add(roles.apply(access.owners().get(ref)));
      }
      if (privileges && ref != null) {
        for (Privilege privilege : access.privileges().getOrDefault(ref, List.of())) {
          privilege.grantee().ifPresent(g -> named.add(roles.apply(g)));
        }
      }
      if (!named.isEmpty()) {
        out.put(object.describe(), named);
      }
    }
    return out;
  }

  private List<String> statements(SchemaObject object, ObjectAccess access) {
    List<String> out = new ArrayList<>();
    CatalogRef ref = own(object, access);
    if (owners && ref != null) {
      out.add(AccessRenderer.owner(object, roles.apply(access.owners().get(ref))));
    }
    if (privileges && ref != null) {
      List<Privilege> list = access.privileges().getOrDefault(ref, List.of());
      out.addAll(AccessRenderer.privileges(object, list, roles, names));
    }
    return out;
  }

  /** The catalog row whose owner the object carries; null when it has none of its own. */
  private static CatalogRef own(SchemaObject object, ObjectAccess access) {
    if (!AccessRenderer.hasOwner(object.kind())) {
      return null;
    }
    return object.refs().stream()
        .filter(access.owners()::containsKey)
        .sorted(Comparator.comparing(CatalogRef::catalog))
        .findFirst()
        .orElse(null);
  }
}
