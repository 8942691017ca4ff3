package io.pgcarry.schema.catalog;

import io.pgcarry.common.TableId;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.SchemaObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link CatalogReader} read: the objects to create and how their catalog rows depend on each
 * other. Immutable.
 *
 * @param server the server and database settings
 * @param objects every object, in catalog order (not yet dependency order)
 * @param aliases catalog rows created as part of another row (an array type with its element type,
 *     a view's rewrite rule with the view, an extension's members with the extension)
 * @param dependencies the rows of pg_depend
 * @param warnings what the operator should know
 * @param skipped objects deliberately not carried
 * @param foreignKeys every foreign key of the objects, in catalog order, with its validation state
 * @param conflicts dependent objects the name mapping cannot follow, left out of {@code objects};
 *     the planner refuses the selected ones
 * @param partitioned the tables that are partitioned or partitions, by source name: their keys span
 *     a partition tree
 */
public record Catalog(
    ServerInfo server,
    List<SchemaObject> objects,
    Map<CatalogRef, CatalogRef> aliases,
    List<Dependency> dependencies,
    List<String> warnings,
    List<SkippedObject> skipped,
    List<ForeignKeyConstraint> foreignKeys,
    List<MappingConflict.Conflict> conflicts,
    Set<TableId> partitioned) {

  public Catalog {
    objects = List.copyOf(objects);
    aliases = Map.copyOf(aliases);
    dependencies = List.copyOf(dependencies);
    warnings = List.copyOf(warnings);
    skipped = List.copyOf(skipped);
    foreignKeys = List.copyOf(foreignKeys);
    conflicts = List.copyOf(conflicts);
    partitioned = Set.copyOf(partitioned);
  }

  /** A catalog without objects, for a database that does not exist yet. */
  public static Catalog empty() {
    return new Catalog(
        new ServerInfo(0, "", "", "", Optional.empty(), Optional.empty()),
        List.of(),
        Map.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Set.of());
  }

  /** This catalog with other objects (the same objects with statements added, say). */
  public Catalog withObjects(List<SchemaObject> replaced) {
    return new Catalog(
        server,
        replaced,
        aliases,
        dependencies,
        warnings,
        skipped,
        foreignKeys,
        conflicts,
        partitioned);
  }

  /** The foreign key whose schema object has this name ({@code name ON table}), if any. */
  public Optional<ForeignKeyConstraint> foreignKey(String objectName) {
    return foreignKeys.stream().filter(fk -> fk.objectName().equals(objectName)).findFirst();
  }

  /** The object that creates a catalog row, following aliases; empty when none does. */
  public Optional<SchemaObject> creatorOf(CatalogRef ref, Map<CatalogRef, SchemaObject> byRef) {
    CatalogRef current = ref;
    Set<CatalogRef> seen = new HashSet<>();
    while (current != null && seen.add(current)) {
      SchemaObject object = byRef.get(current);
      if (object != null) {
        return Optional.of(object);
      }
      current = aliases.get(current);
    }
    return Optional.empty();
  }

  /** Every object by each catalog row it creates. */
  public static Map<CatalogRef, SchemaObject> byRef(List<SchemaObject> objects) {
    Map<CatalogRef, SchemaObject> out = new HashMap<>();
    for (SchemaObject object : objects) {
      for (CatalogRef ref : object.refs()) {
        out.put(ref, object);
      }
    }
    return out;
  }
}
