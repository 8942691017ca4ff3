package io.pgcarry.schema.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.ObjectKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Base types, created as pg_dump creates them: a shell type first ({@code CREATE TYPE name}), so
 * that the input and output functions, which take or return the type, can be created; then the full
 * definition. A base type whose functions are written in C is left out with its functions, as is
 * everything that uses it.
 *
 * <p>The shell stands for the catalog row {@code pg_type#shell}; the planner makes the type's own
 * support functions depend on the shell instead of the type.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-createtype.html">CREATE TYPE</a>
 */
final class BaseTypes {

  /** The catalog name that stands for a type's shell. */
  static final String SHELL = "pg_type#shell";

  private BaseTypes() {}

  static void read(
      CatalogReader reader, CatalogRow row, CatalogRef ref, String name, String schema) {
    CatalogRef shell = new CatalogRef(SHELL, ref.oid());
    reader.add(
        new ObjectBuilder(ObjectKind.TYPE_SHELL, name, schema)
            .ref(row.string("kind").equals("p") ? ref : shell)
            .statement("CREATE TYPE " + name)
            .build());
    if (row.string("kind").equals("p")) {
      return;
    }
    JsonNode base = row.json("base");
    ObjectBuilder object =
        new ObjectBuilder(ObjectKind.TYPE, name, schema)
            .ref(ref)
            .requires(shell)
            .statement(render(name, base));
    for (JsonNode function : base.path("function_oids")) {
      if (function.asLong() != 0) {
        object.requires(CatalogRef.pgProc(function.asLong()));
      }
    }
    reader.comments().addTo(object.statements(), ref, "TYPE " + name);
    reader.add(object.build());
  }

  private static String render(String name, JsonNode base) {
    List<String> options = new ArrayList<>();
    int length = base.path("length").asInt();
    options.add("INTERNALLENGTH = " + (length < 0 ? "variable" : Integer.toString(length)));
    for (Iterator<Map.Entry<String, JsonNode>> it = base.path("functions").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> function = it.next();
      if (!function.getValue().isNull()) {
        options.add(function.getKey() + " = " + function.getValue().asText());
      }
    }
    String category = base.path("category").asText("U");
    if (!category.equals("U")) {
      options.add("CATEGORY = " + Identifier.literal(category));
    }
    if (base.path("preferred").asBoolean()) {
      options.add("PREFERRED = true");
    }
    if (!base.path("default").isNull()) {
      options.add("DEFAULT = " + Identifier.literal(base.path("default").asText()));
    }
    if (!base.path("element").isNull()) {
      options.add("ELEMENT = " + base.path("element").asText());
    }
    String delimiter = base.path("delimiter").asText(",");
    if (!delimiter.equals(",")) {
      options.add("DELIMITER = " + Identifier.literal(delimiter));
    }
    if (base.path("collatable").asBoolean()) {
      options.add("COLLATABLE = true");
    }
    options.add("ALIGNMENT = " + alignment(base.path("align").asText()));
    options.add("STORAGE = " + storage(base.path("storage").asText()));
    if (base.path("byvalue").asBoolean()) {
      options.add("PASSEDBYVALUE");
    }
    return "CREATE TYPE " + name + " (\n    " + String.join(",\n    ", options) + "\n)";
  }

  private static String alignment(String code) {
    return switch (code) {
      case "c" -> "char";
      case "s" -> "int2";
      case "d" -> "double";
      default -> "int4";
    };
  }

  private static String storage(String code) {
    return switch (code) {
      case "e" -> "external";
      case "m" -> "main";
      case "x" -> "extended";
      default -> "plain";
    };
  }
}
