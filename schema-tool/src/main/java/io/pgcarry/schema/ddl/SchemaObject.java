package io.pgcarry.schema.ddl;

import io.pgcarry.common.TableId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One unit of DDL: the statements that create an object on the target, with what identifies it and
 * what it stands for in the source catalog. Immutable.
 *
 * @param kind what sort of object it is; fixes its section and its preferred place in the order
 * @param name the object's quoted name as the target will know it, unique within its kind, e.g.
 *     {@code public.actor}, {@code public.f(integer)} or {@code actor_pkey ON public.actor}
 * @param schema the source schema the object lives in (for selection), never null
 * @param table the source table or view the object is, or belongs to; empty for schema-level
 *     objects such as functions and types
 * @param statements the DDL, in order, without trailing semicolons; never empty
 * @param refs the source catalog rows this object creates (its dependencies are theirs)
 * @param requires further source catalog rows that must exist first, beyond pg_depend
 */
public record SchemaObject(
    ObjectKind kind,
    String name,
    String schema,
    Optional<TableId> table,
    List<String> statements,
    Set<CatalogRef> refs,
    Set<CatalogRef> requires) {

  public SchemaObject {
    statements = List.copyOf(statements);
    refs = Set.copyOf(refs);
    requires = Set.copyOf(requires);
    if (statements.isEmpty()) {
      throw new IllegalArgumentException(kind + " " + name + " has no statements");
    }
  }

  /** Kind and name, e.g. {@code TABLE public.actor}. */
  public String describe() {
    return kind.label() + " " + name;
  }

  /** The key under which this object is matched against the target's objects. */
  public String key() {
    return kind.name() + " " + name;
  }

  /** The statements as a script: each ends with a semicolon and a newline. */
  public String script() {
    StringBuilder out = new StringBuilder();
    for (String statement : statements) {
      out.append(statement).append(";\n");
    }
    return out.toString();
  }
}
