package io.pgcarry.common.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.TableId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renames of schemas, tables and columns between source and target, and column subsets. Lookups
 * take source names and return target names; a name without an entry maps to itself. Immutable and
 * thread-safe.
 *
 * <p>The file format (YAML or JSON, the same tree) is documented in {@code
 * config/README-mapping.md}:
 *
 * <pre>
 * schemas:
 *   public: app
 * tables:
 *   public.film:
 *     name: movie
 *     columns: {title: film_title}
 *     exclude_columns: [fulltext]
 * </pre>
 *
 * @param schemas schema renames, source to target
 * @param tables per-table mappings by source table
 */
public record NameMapping(Map<String, String> schemas, Map<TableId, TableMapping> tables) {

  /** The mapping that changes nothing. */
  public static final NameMapping IDENTITY = new NameMapping(Map.of(), Map.of());

  private static final Set<String> TOP_KEYS = Set.of("schemas", "tables");
  private static final Set<String> TABLE_KEYS =
      Set.of("name", "columns", "include_columns", "exclude_columns");

  public NameMapping {
    schemas = Map.copyOf(schemas);
    tables = Map.copyOf(tables);
  }

  /** Whether this mapping changes nothing. */
  public boolean isIdentity() {
    return schemas.isEmpty() && tables.isEmpty();
  }

  /** The target name of a source schema. */
  public String schema(String source) {
    return schemas.getOrDefault(source, source);
  }

  /** The target name of a source table. */
  public TableId table(TableId source) {
    TableMapping mapping = tables.get(source);
    String name = mapping == null ? source.table() : mapping.name().orElse(source.table());
    return new TableId(schema(source.schema()), name);
  }

  /** The target name of a column of a source table. */
  public String column(TableId source, String column) {
    TableMapping mapping = tables.get(source);
    return mapping == null ? column : mapping.columns().getOrDefault(column, column);
  }

  /** Whether a column of a source table is carried to the target. */
  public boolean carries(TableId source, String column) {
    TableMapping mapping = tables.get(source);
    return mapping == null || mapping.carries(column);
  }

  /** Whether the table keeps its name and every column name (columns may still be left out). */
  public boolean keepsNames(TableId source) {
    TableMapping mapping = tables.get(source);
    return table(source).equals(source) && (mapping == null || mapping.columns().isEmpty());
  }

  /**
   * Parses a mapping from a JSON text.
   *
   * @throws IllegalArgumentException naming the offending entry
   */
  public static NameMapping parseJson(String json) {
    try {
      return fromTree(new ObjectMapper().readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("mapping is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Builds a mapping from a parsed YAML or JSON tree.
   *
   * @throws IllegalArgumentException naming the offending entry: an unknown key, a value of the
   *     wrong shape, or two source names mapped to the same target name
   */
  public static NameMapping fromTree(JsonNode root) {
    if (root == null || root.isNull() || root.isMissingNode()) {
      return IDENTITY;
    }
    requireObject(root, "the mapping");
    checkKeys(root, TOP_KEYS, "the mapping");
    Map<String, String> schemas = stringMap(root.path("schemas"), "schemas");
    Map<TableId, TableMapping> tables = new HashMap<>();
    JsonNode tableNodes = root.path("tables");
    if (!tableNodes.isMissingNode()) {
      requireObject(tableNodes, "tables");
      for (Iterator<Map.Entry<String, JsonNode>> it = tableNodes.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        TableId source = TableId.parse(entry.getKey());
        tables.put(source, tableMapping(entry.getValue(), "tables." + entry.getKey()));
      }
    }
    NameMapping mapping = new NameMapping(schemas, tables);
    mapping.checkUniqueTargets();
    return mapping;
  }

  private static TableMapping tableMapping(JsonNode node, String where) {
    requireObject(node, where);
    checkKeys(node, TABLE_KEYS, where);
    JsonNode name = node.path("name");
    if (!name.isMissingNode() && !name.isTextual()) {
      throw new IllegalArgumentException(where + ".name must be a string");
    }
    return new TableMapping(
        name.isMissingNode() ? Optional.empty() : Optional.of(name.asText()),
        stringMap(node.path("columns"), where + ".columns"),
        stringSet(node.path("include_columns"), where + ".include_columns"),
        stringSet(node.path("exclude_columns"), where + ".exclude_columns"));
  }

  private void checkUniqueTargets() {
    Map<TableId, TableId> seen = new HashMap<>();
    for (TableId source : tables.keySet()) {
      TableId previous = seen.put(table(source), source);
      if (previous != null) {
        throw new IllegalArgumentException(
            "tables " + previous + " and " + source + " both map to " + table(source));
      }
      Set<String> columnTargets = new HashSet<>();
      for (String target : tables.get(source).columns().values()) {
        if (!columnTargets.add(target)) {
          throw new IllegalArgumentException(
              "two columns of " + source + " both map to '" + target + "'");
        }
      }
    }
    if (new HashSet<>(schemas.values()).size() != schemas.size()) {
      throw new IllegalArgumentException("two schemas map to the same target schema");
    }
  }

  private static Map<String, String> stringMap(JsonNode node, String where) {
    Map<String, String> out = new HashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    requireObject(node, where);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isTextual() || entry.getValue().asText().isEmpty()) {
        throw new IllegalArgumentException(where + "." + entry.getKey() + " must be a name");
      }
      out.put(entry.getKey(), entry.getValue().asText());
    }
    return out;
  }

  private static Set<String> stringSet(JsonNode node, String where) {
    Set<String> out = new HashSet<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(where + " must be a list of column names");
    }
    node.forEach(
        element -> {
          if (!element.isTextual()) {
            throw new IllegalArgumentException(where + " must be a list of column names");
          }
          out.add(element.asText());
        });
    return out;
  }

  private static void requireObject(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be a map");
    }
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
    node.fieldNames()
        .forEachRemaining(
            key -> {
              if (!allowed.contains(key)) {
                throw new IllegalArgumentException(
                    "unknown key '" + key + "' in " + where + "; expected one of " + allowed);
              }
            });
  }
}
