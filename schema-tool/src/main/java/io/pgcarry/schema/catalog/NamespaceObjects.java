package io.pgcarry.schema.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.CollationRenderer;
import io.pgcarry.schema.ddl.ObjectKind;

/** Schemas, extensions, access methods and collations. */
final class NamespaceObjects {

  private NamespaceObjects() {}

  static void read(CatalogReader reader) {
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "schemas")) {
      CatalogRef ref = new CatalogRef("pg_namespace", row.number("oid"));
      String name = reader.names().schema(row.string("name"));
      ObjectBuilder object =
          new ObjectBuilder(ObjectKind.SCHEMA, name, row.string("name"))
              .ref(ref)
              .statement("CREATE SCHEMA " + name);
      reader.comments().addTo(object.statements(), ref, "SCHEMA " + name);
      reader.add(object.build());
    }
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "extensions")) {
      CatalogRef ref = new CatalogRef("pg_extension", row.number("oid"));
      String name = Identifier.quote(row.string("name"));
      ObjectBuilder object =
          new ObjectBuilder(ObjectKind.EXTENSION, name, row.string("schema"))
              .ref(ref)
              .statement(
                  "CREATE EXTENSION IF NOT EXISTS "
                      + name
                      + " WITH SCHEMA "
                      + reader.names().schema(row.string("schema")));
      reader.comments().addTo(object.statements(), ref, "EXTENSION " + name);
      reader.add(object.build());
    }
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "access-methods")) {
      CatalogRef ref = new CatalogRef("pg_am", row.number("oid"));
      if (reader.isExtensionMember(ref)) {
        continue;
      }
      String name = Identifier.quote(row.string("name"));
      ObjectBuilder object =
          new ObjectBuilder(ObjectKind.ACCESS_METHOD, name, "pg_catalog")
              .ref(ref)
              .statement(
                  "CREATE ACCESS METHOD "
                      + name
                      + (row.string("type").equals("t") ? " TYPE TABLE" : " TYPE INDEX")
                      + " HANDLER "
                      + row.string("handler"));
      reader.comments().addTo(object.statements(), ref, "ACCESS METHOD " + name);
      reader.add(object.build());
    }
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "collations")) {
      CatalogRef ref = new CatalogRef("pg_collation", row.number("oid"));
      if (reader.isExtensionMember(ref)) {
        continue;
      }
      String name = reader.names().qualified(row.string("schema"), row.string("name"));
      JsonNode collation = row.json("row");
      ObjectBuilder object =
          new ObjectBuilder(ObjectKind.COLLATION, name, row.string("schema"))
              .ref(ref)
              .statement(CollationRenderer.render(name, collation));
      reader.comments().addTo(object.statements(), ref, "COLLATION " + name);
      reader.add(object.build());
    }
  }
}
