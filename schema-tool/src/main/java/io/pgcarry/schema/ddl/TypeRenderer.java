package io.pgcarry.schema.ddl;

import io.pgcarry.common.sql.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code CREATE TYPE} and {@code CREATE DOMAIN} for enums, composites, ranges and domains.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-createtype.html">CREATE TYPE</a>
 */
public final class TypeRenderer {

  private TypeRenderer() {}

  /** An attribute of a composite type; {@code collation} is quoted and qualified, or empty. */
  public record Attribute(String name, String type, Optional<String> collation) {}

  /**
   * The options of a range type, each already rendered (qualified names), or empty.
   *
   * @param subtype the element type
   * @param opclass a non-default B-tree operator class of the subtype
   * @param collation a non-default collation
   * @param canonical the canonical function
   * @param diff the subtype difference function
   * @param multirange the multirange type's name (13 and later)
   */
  public record RangeOptions(
      String subtype,
      Optional<String> opclass,
      Optional<String> collation,
      Optional<String> canonical,
      Optional<String> diff,
      Optional<String> multirange) {}

  /**
   * A domain's definition.
   *
   * @param base the base type with modifiers
   * @param collation a non-default collation, quoted and qualified
   * @param defaultExpr the default expression
   * @param notNull whether NOT NULL
   * @param checks the validated CHECK constraints as {@code CONSTRAINT name CHECK (...)}
   */
  public record Domain(
      String base,
      Optional<String> collation,
      Optional<String> defaultExpr,
      boolean notNull,
      List<String> checks) {

    public Domain {
      checks = List.copyOf(checks);
    }
  }

  public static String enumType(String name, List<String> labels) {
    return "CREATE TYPE "
        + name
        + " AS ENUM ("
        + labels.stream().map(Identifier::literal).collect(Collectors.joining(", "))
        + ")";
  }

  public static String composite(String name, List<Attribute> attributes) {
    List<String> parts = new ArrayList<>();
    for (Attribute attribute : attributes) {
      parts.add(
          "\n    "
              + Identifier.quote(attribute.name())
              + " "
              + attribute.type()
              + attribute.collation().map(c -> " COLLATE " + c).orElse(""));
    }
    return "CREATE TYPE " + name + " AS (" + String.join(",", parts) + "\n)";
  }

  public static String range(String name, RangeOptions options) {
    List<String> parts = new ArrayList<>();
    parts.add("\n    subtype = " + options.subtype());
    options.multirange().ifPresent(m -> parts.add("\n    multirange_type_name = " + m));
    options.opclass().ifPresent(o -> parts.add("\n    subtype_opclass = " + o));
    options.collation().ifPresent(c -> parts.add("\n    collation = " + c));
    options.canonical().ifPresent(c -> parts.add("\n    canonical = " + c));
    options.diff().ifPresent(d -> parts.add("\n    subtype_diff = " + d));
    return "CREATE TYPE " + name + " AS RANGE (" + String.join(",", parts) + "\n)";
  }

  public static String domain(String name, Domain domain) {
    StringBuilder out = new StringBuilder("CREATE DOMAIN ").append(name);
    out.append(" AS ").append(domain.base());
    domain.collation().ifPresent(c -> out.append(" COLLATE ").append(c));
    domain.defaultExpr().ifPresent(d -> out.append(" DEFAULT ").append(d));
    if (domain.notNull()) {
      out.append(" NOT NULL");
    }
    for (String check : domain.checks()) {
      out.append("\n    ").append(check);
    }
    return out.toString();
  }
}
