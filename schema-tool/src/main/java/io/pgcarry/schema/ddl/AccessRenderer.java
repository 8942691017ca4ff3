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
    Map<Grant, List<String>> grouped = new LinkedHashMap<>();
    for (Privilege privilege : privileges) {
      Optional<TableId> table = object.table();
      if (privilege.column().isPresent()
          && (table.isEmpty() || !names.carries(table.get(), privilege.column().get()))) {
        continue;
      }
      Grant key =
          new Grant(
              privilege.revoke(),
              privilege.column().map(c -> names.column(table.get(), c)).orElse(""),
              privilege.grantee().map(g -> quoteRole(roles.apply(g))).orElse("PUBLIC"),
              privilege.grantable());
      grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(privilege.privilege());
    }
    String on = " ON " + target.get() + " " + object.name();
    List<String> out = new ArrayList<>();
    grouped.forEach((key, list) -> out.add(statement(key, list, on)));
    return out;
  }

  /**
   * What privileges are granted or revoked together.
   *
   * @param column the quoted target column, empty for the object itself
   * @param grantee the quoted target role, or {@code PUBLIC}
   */
  private record Grant(boolean revoke, String column, String grantee, boolean grantable) {}

  /** One GRANT or REVOKE of the privileges, {@code on} being {@code " ON kind name"}. */
  private static String statement(Grant grant, List<String> privileges, String on) {
    String what =
        grant.column().isEmpty()
            ? String.join(", ", privileges)
            : String.join(
                ", ", privileges.stream().map(p -> p + " (" + grant.column() + ")").toList());
    if (grant.revoke()) {
      return "REVOKE " + what + on + " FROM " + grant.grantee();
    }
    return "GRANT "
        + what
        + on
        + " TO "
        + grant.grantee()
        + (grant.grantable() ? " WITH GRANT OPTION" : "");
  }

  /** A role name as GRANT and ALTER OWNER take it (no role can be named {@code public}). */
  static String quoteRole(String role) {
    return Identifier.quote(role);
  }
}
