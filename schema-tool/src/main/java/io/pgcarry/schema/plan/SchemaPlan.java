package io.pgcarry.schema.plan;

import io.pgcarry.schema.catalog.SkippedObject;
import io.pgcarry.schema.ddl.SchemaObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The selected objects in the order they can be created, and what the planner noticed. Immutable.
 *
 * @param objects the objects, each after everything it depends on (but for broken cycles)
 * @param warnings dependency cycles broken, objects pulled in as dependencies
 * @param skipped objects left out because they depend on something not carried (a C function, a
 *     base type), besides those the catalog reader left out
 * @param needs for each object of the catalog, the objects it needs
 */
public record SchemaPlan(
    List<SchemaObject> objects,
    List<String> warnings,
    List<SkippedObject> skipped,
    Map<SchemaObject, Set<SchemaObject>> needs) {

  public SchemaPlan {
    objects = List.copyOf(objects);
    warnings = List.copyOf(warnings);
    skipped = List.copyOf(skipped);
    needs = Map.copyOf(needs);
  }

  /** What an object needs (empty for an object not in the catalog). */
  public Set<SchemaObject> needsOf(SchemaObject object) {
    return needs.getOrDefault(object, Set.of());
  }
}
