package io.pgcarry.schema.plan;

import io.pgcarry.schema.ddl.SchemaObject;
import io.pgcarry.schema.ddl.SqlToken;
import java.util.List;
import java.util.Set;

/**
 * Decides whether an object on the target matches the source's, by comparing the DDL the schema
 * tool renders for each side after removing what only reflects the server's major version or the
 * deferred validation of foreign keys:
 *
 * <ul>
 *   <li>{@code NOT VALID} on a foreign key;
 *   <li>{@code EXECUTE PROCEDURE} (before 11) against {@code EXECUTE FUNCTION};
 *   <li>the {@code IN} mode of procedure arguments (printed from 14 on);
 *   <li>qualification of column references by a table alias in view, rule and policy expressions
 *       (left out from 16 on where unambiguous).
 * </ul>
 */
public final class ObjectComparison {

  private final Set<String> schemas;

  /**
   * @param schemas the schema names of both databases, which are never dropped as qualifiers
   */
  public ObjectComparison(Set<String> schemas) {
    this.schemas = Set.copyOf(schemas);
  }

  /** The text an object is compared by. */
  public String comparable(SchemaObject object) {
    String script = object.script();
    return switch (object.kind()) {
      case FOREIGN_KEY -> script.replace(" NOT VALID;", ";");
      case TRIGGER -> script.replace(" EXECUTE PROCEDURE ", " EXECUTE FUNCTION ");
      case PROCEDURE -> script.replaceAll("([(,] ?)IN ", "$1");
      case VIEW, MATERIALIZED_VIEW, RULE, POLICY -> unqualified(script);
      default -> script;
    };
  }

  /** Drops {@code alias.} before column names, keeping schema qualifiers. */
  private String unqualified(String script) {
    List<SqlToken> tokens = SqlToken.split(script);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken token = tokens.get(i);
      boolean qualifier =
          token.identifier()
              && i + 2 < tokens.size()
              && tokens.get(i + 1).is(".")
              && tokens.get(i + 2).identifier()
              && !schemas.contains(token.value())
              && (i == 0 || !tokens.get(i - 1).is("."));
      if (qualifier) {
        i++;
        continue;
      }
      out.append(token.text());
    }
    return out.toString();
  }
}
