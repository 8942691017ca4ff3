package io.pgcarry.schema.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.ObjectKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Operator families (with their loose members, added by ALTER OPERATOR FAMILY) and operator
 * classes, as pg_dump writes them: each family explicitly, then each class in its family.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-createopclass.html">CREATE OPERATOR
 *     CLASS</a>
 */
final class OperatorFamilyObjects {

  private OperatorFamilyObjects() {}

  static void read(CatalogReader reader) {
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "operator-families")) {
      CatalogRef ref = new CatalogRef(row.string("catalog"), row.number("oid"));
      if (reader.isExtensionMember(ref)) {
        continue;
      }
      String method = Identifier.quote(row.string("method"));
      String name = reader.names().qualified(row.string("schema"), row.string("name"));
      List<String> items = new ArrayList<>();
      for (JsonNode member : row.json("members")) {
        items.add(member.path("item").asText());
        reader.alias(
            new CatalogRef(member.path("catalog").asText(), member.path("oid").asLong()), ref);
      }
      boolean family = row.string("catalog").equals("pg_opfamily");
      ObjectKind kind = family ? ObjectKind.OPERATOR_FAMILY : ObjectKind.OPERATOR_CLASS;
      ObjectBuilder object =
          new ObjectBuilder(kind, name + " USING " + method, row.string("schema")).ref(ref);
      if (family) {
        object.statement("CREATE OPERATOR FAMILY " + name + " USING " + method);
        if (!items.isEmpty()) {
          object.statement(
              "ALTER OPERATOR FAMILY "
                  + name
                  + " USING "
                  + method
                  + " ADD\n    "
                  + String.join(",\n    ", items));
        }
      } else {
        if (row.string("storage") != null || items.isEmpty()) {
          items.add(
              "STORAGE "
                  + (row.string("storage") == null ? row.string("type") : row.string("storage")));
        }
        object.statement(
            "CREATE OPERATOR CLASS "
                + name
                + (row.bool("is_default") ? " DEFAULT" : "")
                + " FOR TYPE "
                + row.string("type")
                + " USING "
                + method
                + " FAMILY "
                + row.string("family")
                + " AS\n    "
                + String.join(",\n    ", items));
      }
      reader
          .comments()
          .addTo(object.statements(), ref, kind.label() + " " + name + " USING " + method);
      reader.add(object.build());
    }
  }
}
