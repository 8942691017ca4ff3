package io.pgcarry.schema.ddl;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgcarry.common.sql.Identifier;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CREATE AGGREGATE} from a {@code pg_aggregate} row read as JSON, with support functions and
 * types already rendered as qualified names.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-createaggregate.html">CREATE
 *     AGGREGATE</a>
 */
public final class AggregateRenderer {

  private AggregateRenderer() {}

  /**
   * Renders the statement.
   *
   * @param name the quoted, qualified target name
   * @param identityArgs the argument list from pg_get_function_identity_arguments
   * @param row the aggregate's catalog row as JSON
   */
  public static String render(String name, String identityArgs, JsonNode row) {
    List<String> parts = new ArrayList<>();
    parts.add("SFUNC = " + row.path("sfunc").asText());
    parts.add("STYPE = " + row.path("stype").asText());
    int space = row.path("aggtransspace").asInt(0);
    if (space != 0) {
      parts.add("SSPACE = " + space);
    }
    text(row, "finalfunc").ifPresent(f -> parts.add("FINALFUNC = " + f));
    if (row.path("aggfinalextra").asBoolean(false)) {
      parts.add("FINALFUNC_EXTRA");
    }
    modify(row, "aggfinalmodify", "FINALFUNC_MODIFY", 'r', parts);
    text(row, "combinefunc").ifPresent(f -> parts.add("COMBINEFUNC = " + f));
    text(row, "serialfunc").ifPresent(f -> parts.add("SERIALFUNC = " + f));
    text(row, "deserialfunc").ifPresent(f -> parts.add("DESERIALFUNC = " + f));
    text(row, "agginitval").ifPresent(v -> parts.add("INITCOND = " + Identifier.literal(v)));
    text(row, "msfunc").ifPresent(f -> parts.add("MSFUNC = " + f));
    text(row, "minvfunc").ifPresent(f -> parts.add("MINVFUNC = " + f));
    text(row, "mstype").ifPresent(t -> parts.add("MSTYPE = " + t));
    int mspace = row.path("aggmtransspace").asInt(0);
    if (mspace != 0) {
      parts.add("MSSPACE = " + mspace);
    }
    text(row, "mfinalfunc").ifPresent(f -> parts.add("MFINALFUNC = " + f));
    if (row.path("aggmfinalextra").asBoolean(false)) {
      parts.add("MFINALFUNC_EXTRA");
    }
    modify(row, "aggmfinalmodify", "MFINALFUNC_MODIFY", 'r', parts);
    text(row, "aggminitval").ifPresent(v -> parts.add("MINITCOND = " + Identifier.literal(v)));
    text(row, "sortop").ifPresent(o -> parts.add("SORTOP = " + o));
    String kind = row.path("aggkind").asText("n");
    if (kind.equals("h")) {
      parts.add("HYPOTHETICAL");
    }
    switch (row.path("parallel").asText("u")) {
      case "s" -> parts.add("PARALLEL = safe");
      case "r" -> parts.add("PARALLEL = restricted");
      default -> {}
    }
    String args = identityArgs.isEmpty() ? "*" : identityArgs;
    return "CREATE AGGREGATE "
        + name
        + "("
        + args
        + ") (\n    "
        + String.join(",\n    ", parts)
        + "\n)";
  }

  private static void modify(
      JsonNode row, String field, String option, char normal, List<String> parts) {
    String value = row.path(field).asText("");
    if (value.isEmpty() || value.charAt(0) == normal) {
      return;
    }
    parts.add(option + " = " + (value.charAt(0) == 's' ? "SHAREABLE" : "READ_WRITE"));
  }

  private static java.util.Optional<String> text(JsonNode row, String field) {
    JsonNode value = row.path(field);
    return value.isNull() || value.isMissingNode()
        ? java.util.Optional.empty()
        : java.util.Optional.of(value.asText());
  }
}
