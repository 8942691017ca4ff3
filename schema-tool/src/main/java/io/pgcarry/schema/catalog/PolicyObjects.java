package io.pgcarry.schema.catalog;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.ObjectKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Row-level security policies.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-createpolicy.html">CREATE POLICY</a>
 */
final class PolicyObjects {

  private PolicyObjects() {}

  static void read(CatalogReader reader) {
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "policies")) {
      CatalogRef ref = new CatalogRef("pg_policy", row.number("oid"));
      TableId source = new TableId(row.string("schema"), row.string("table_name"));
      reader.build(source, () -> policy(reader, row, ref, source));
    }
  }

  private static void policy(CatalogReader reader, CatalogRow row, CatalogRef ref, TableId source) {
    String table = reader.names().table(source).quoted();
    String name = Identifier.quote(row.string("name")) + " ON " + table;
    StringBuilder create = new StringBuilder("CREATE POLICY ").append(name);
    if (!row.bool("permissive")) {
      create.append(" AS RESTRICTIVE");
    }
    create.append(" FOR ").append(command(row.string("command")));
    List<String> roles = new ArrayList<>();
    for (String role : row.strings("roles")) {
      roles.add(role == null ? "PUBLIC" : Identifier.quote(role));
    }
    create.append(" TO ").append(roles.isEmpty() ? "PUBLIC" : String.join(", ", roles));
    String what = "POLICY " + name;
    if (row.string("using_expr") != null) {
      create
          .append(" USING (")
          .append(SourceText.forTable(reader.names(), source, row.string("using_expr"), what))
          .append(")");
    }
    if (row.string("check_expr") != null) {
      create
          .append(" WITH CHECK (")
          .append(SourceText.forTable(reader.names(), source, row.string("check_expr"), what))
          .append(")");
    }
    ObjectBuilder object =
        new ObjectBuilder(ObjectKind.POLICY, name, source.schema())
            .table(source)
            .ref(ref)
            .statement(create.toString());
    reader.comments().addTo(object.statements(), ref, "POLICY " + name);
    reader.add(object.build());
  }

  private static String command(String code) {
    return switch (code) {
      case "r" -> "SELECT";
      case "a" -> "INSERT";
      case "w" -> "UPDATE";
      case "d" -> "DELETE";
      default -> "ALL";
    };
  }
}
