package io.pgcarry.schema.ddl;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Renders {@code ALTER ... OWNER TO}, {@code GRANT} and {@code REVOKE} for a {@link SchemaObject},
 * for the kinds that have an owner or privileges of their own. Stateless.
 *
 * <p>Privileges of one grantee, column and grant option are granted in one statement, in the order
 * of the source's ACL, so that the target's ACL lists them alike. See
 * https://www.postgresql.org/docs/current/sql-grant.html
 */
public final class AccessRenderer {

  private AccessRenderer() {}

  /** Whether objects of the kind are given an owner. */
  public static boolean hasOwner(ObjectKind kind) {
    return switch (kind) {
      case SCHEMA,
          COLLATION,
          TYPE,
          DOMAIN,
          FUNCTION,
          PROCEDURE,
          AGGREGATE,
          OPERATOR,
          TEXT_SEARCH_DICTIONARY,
          TEXT_SEARCH_CONFIGURATION,
          SEQUENCE,
          TABLE,
          VIEW,
          MATERIALIZED_VIEW ->
          true;
      default -> false;
    };
  }

  /**
   * {@code ALTER kind name OWNER TO role}.
   *
   * @param role the target role name, unquoted
   */
  public static String owner(SchemaObject object, String role) {
    return "ALTER " + object.kind().label() + " " + object.name() + " OWNER TO " + quoteRole(role);
  }

  /** The keyword GRANT uses for objects of the kind; empty when the kind has no privileges. */
  static Optional<String> grantTarget(ObjectKind kind) {
    return switch (kind) {
      case TABLE, VIEW, MATERIALIZED_VIEW -> Optional.of("TABLE");
      case SEQUENCE -> Optional.of("SEQUENCE");
      case FUNCTION, AGGREGATE -> Optional.of("FUNCTION");
      case PROCEDURE -> Optional.of("PROCEDURE");
      case TYPE -> Optional.of("TYPE");
      case DOMAIN -> Optional.of("DOMAIN");
      case SCHEMA -> Optional.of("SCHEMA");
      default -> Optional.empty();
    };
  }

  /**
   * The {@code REVOKE} and {@code GRANT} statements reproducing the privileges.
   *
   * @param roles the target name of a source role
   * @param names the target names of columns
   */
  public static List<String> privileges(
      SchemaObject object,
      List<Privilege> privileges,
      UnaryOperator<String> roles,
      TargetNames names) {
    Optional<String> target = grantTarget(object.kind());
    if (target.isEmpty()) {
      return List.of();
    }
    Map<List<Object>, List<String>> grouped = new LinkedHashMap<>();
    for (Privilege privilege : privileges) {
      Optional<TableId> table = object.table();
      if (privilege.column().isPresent()
          && (table.isEmpty() || !names.carries(table.get(), privilege.column().get()))) {
        continue;
      }
      List<Object> key =
          List.of(
              privilege.revoke(),
              privilege.column().map(c -> names.column(table.get(), c)).orElse(""),
              privilege.grantee().map(g -> quoteRole(roles.apply(g))).orElse("PUBLIC"),
              privilege.grantable());
      grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(privilege.privilege());
    }
    List<String> out = new ArrayList<>();
    grouped.forEach(
        (key, list) -> {
          boolean revoke = (Boolean) key.get(0);
          String column = (String) key.get(1);
          String what =
              column.isEmpty()
                  ? String.join(", ", list)
                  : String.join(", ", list.stream().map(p -> p + " (" + column + ")").toList());
          String on = " ON " + target.get() + " " + object.name();
          out.add(
              revoke
                  ? "REVOKE " + what + on + " FROM " + key.get(2)
                  : "GRANT "
                      + what
                      + on
                      + " TO "
                      + key.get(2)
                      + ((Boolean) key.get(3) ? " WITH GRANT OPTION" : ""));
        });
    return out;
  }

  /** A role name as GRANT and ALTER OWNER take it (no role can be named {@code public}). */
  static String quoteRole(String role) {
    return Identifier.quote(role);
  }
}
