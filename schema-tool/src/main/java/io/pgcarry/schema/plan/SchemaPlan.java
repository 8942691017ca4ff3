package io.pgcarry.schema.plan;

import io.pgcarry.schema.catalog.SkippedObject;
import io.pgcarry.schema.ddl.SchemaObject;
import java.util.List;

/**
 * The selected objects in the order they can be created, and what the planner noticed. Immutable.
 *
 * @param objects the objects, each after everything it depends on (but for broken cycles)
 * @param warnings dependency cycles broken, objects pulled in as dependencies
 * @param skipped objects left out because they depend on something not carried (a C function, a
 *     base type), besides those the catalog reader left out
 */
public record SchemaPlan(
    List<SchemaObject> objects, List<String> warnings, List<SkippedObject> skipped) {

  public SchemaPlan {
    objects = List.copyOf(objects);
    warnings = List.copyOf(warnings);
    skipped = List.copyOf(skipped);
  }
}
