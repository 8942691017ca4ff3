package io.pgcarry.schema.plan;

import io.pgcarry.schema.ddl.SchemaObject;
import java.util.List;

/**
 * The selected objects in the order they can be created, and what the planner noticed. Immutable.
 *
 * @param objects the objects, each after everything it depends on (but for broken cycles)
 * @param warnings dependency cycles broken, objects pulled in as dependencies
 */
public record SchemaPlan(List<SchemaObject> objects, List<String> warnings) {

  public SchemaPlan {
    objects = List.copyOf(objects);
    warnings = List.copyOf(warnings);
  }
}
