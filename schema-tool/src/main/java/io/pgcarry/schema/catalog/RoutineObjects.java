package io.pgcarry.schema.catalog;

import io.pgcarry.schema.ddl.AggregateRenderer;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.ObjectKind;
import io.pgcarry.schema.ddl.OperatorRenderer;
import io.pgcarry.schema.ddl.RoutineText;

/** Functions, procedures, aggregates, operators and casts. C-language functions are skipped. */
final class RoutineObjects {

  private RoutineObjects() {}

  static void read(CatalogReader reader) {
    functions(reader);
    aggregates(reader);
    operators(reader);
    casts(reader);
  }

  private static void casts(CatalogReader reader) {
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "casts")) {
      CatalogRef ref = new CatalogRef("pg_cast", row.number("oid"));
      if (reader.isExtensionMember(ref)) {
        continue;
      }
      String name = "(" + row.string("source_type") + " AS " + row.string("target_type") + ")";
      String how =
          switch (row.string("method")) {
            case "i" -> " WITH INOUT";
            case "b" -> " WITHOUT FUNCTION";
            default -> " WITH FUNCTION " + row.string("function");
          };
      String context =
          switch (row.string("context")) {
            case "a" -> " AS ASSIGNMENT";
            case "i" -> " AS IMPLICIT";
            default -> "";
          };
      ObjectBuilder object =
          new ObjectBuilder(ObjectKind.CAST, name, row.string("schema"))
              .ref(ref)
              .statement("CREATE CAST " + name + how + context);
      reader.comments().addTo(object.statements(), ref, "CAST " + name);
      reader.add(object.build());
    }
  }

  private static void functions(CatalogReader reader) {
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "functions")) {
      CatalogRef ref = CatalogRef.pgProc(row.number("oid"));
      if (reader.isExtensionMember(ref)) {
        continue;
      }
      ObjectKind kind = row.string("kind").equals("p") ? ObjectKind.PROCEDURE : ObjectKind.FUNCTION;
      String schema = row.string("schema");
      String name =
          reader.names().qualified(schema, row.string("name"))
              + "("
              + withoutInModes(row.string("identity_args"))
              + ")";
      String definition = row.string("definition");
      if (definition == null) {
        reader.skip(
            new SkippedObject(
                kind.label() + " " + name,
                "written in " + row.string("language") + "; install its library on the target",
                ref,
                schema));
        continue;
      }
      String statement =
          RoutineText.renameSchema(
              definition.strip(), schema, reader.names().mapping().schema(schema));
      ObjectBuilder object = new ObjectBuilder(kind, name, schema).ref(ref).statement(statement);
      reader.comments().addTo(object.statements(), ref, kind.label() + " " + name);
      reader.add(object.build());
    }
  }

  private static void aggregates(CatalogReader reader) {
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "aggregates")) {
      CatalogRef ref = CatalogRef.pgProc(row.number("oid"));
      if (reader.isExtensionMember(ref)) {
        continue;
      }
      String schema = row.string("schema");
      String qualified = reader.names().qualified(schema, row.string("name"));
      String args = row.string("identity_args");
      String name = qualified + "(" + (args.isEmpty() ? "*" : args) + ")";
      ObjectBuilder object =
          new ObjectBuilder(ObjectKind.AGGREGATE, name, schema)
              .ref(ref)
              .statement(AggregateRenderer.render(qualified, args, row.json("row")));
      reader.comments().addTo(object.statements(), ref, "AGGREGATE " + name);
      reader.add(object.build());
    }
  }

  private static void operators(CatalogReader reader) {
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "operators")) {
      CatalogRef ref = new CatalogRef("pg_operator", row.number("oid"));
      if (reader.isExtensionMember(ref)) {
        continue;
      }
      String schema = row.string("schema");
      OperatorRenderer.Operator operator =
          new OperatorRenderer.Operator(
              reader.names().schema(schema) + "." + row.string("name"),
              row.string("left_type"),
              row.string("right_type"),
              row.string("function"),
              row.string("commutator"),
              row.string("negator"),
              row.string("restrict"),
              row.string("join"),
              row.bool("hashes"),
              row.bool("merges"));
      String name = operator.signature();
      ObjectBuilder object =
          new ObjectBuilder(ObjectKind.OPERATOR, name, schema)
              .ref(ref)
              .statement(OperatorRenderer.render(operator));
      reader.comments().addTo(object.statements(), ref, "OPERATOR " + name);
      reader.add(object.build());
    }
  }

  /**
   * Identity arguments without the IN mode, which servers of 14 and later print for procedures and
   * older ones do not, so that a routine has the same name whatever the server's version.
   */
  static String withoutInModes(String args) {
    return args.replaceAll("(^|, )IN ", "$1");
  }
}
