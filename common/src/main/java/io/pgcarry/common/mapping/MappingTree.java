package io.pgcarry.common.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgcarry.common.TableId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The mapping file's tree, read into a {@link NameMapping} and written back: the one place that
 * knows its keys. Stateless.
 */
final class MappingTree {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TOP_KEYS = Set.of("databases", "schemas", "tables");
  private static final Set<String> TABLE_KEYS =
      Set.of("name", "columns", "include_columns", "exclude_columns");

  private MappingTree() {}

  static NameMapping read(JsonNode root) {
    if (root == null || root.isNull() || root.isMissingNode()) {
      return NameMapping.IDENTITY;
    }
    requireObject(root, "the mapping");
    checkKeys(root, TOP_KEYS, "the mapping");
    Map<String, String> databases = stringMap(root.path("databases"), "databases");
    Map<String, String> schemas = stringMap(root.path("schemas"), "schemas");
    Map<TableId, TableMapping> tables = new HashMap<>();
    JsonNode tableNodes = root.path("tables");
    if (!tableNodes.isMissingNode() && !tableNodes.isNull()) {
      requireObject(tableNodes, "tables");
      for (Iterator<Map.Entry<String, JsonNode>> it = tableNodes.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        TableId source = TableId.parse(entry.getKey());
        tables.put(source, tableMapping(entry.getValue(), "tables." + entry.getKey()));
      }
    }
    return new NameMapping(databases, schemas, tables);
  }

  static String write(NameMapping mapping) {
    ObjectNode root = JSON.createObjectNode();
    if (!mapping.databases().isEmpty()) {
      root.set("databases", JSON.valueToTree(new TreeMap<>(mapping.databases())));
    }
    if (!mapping.schemas().isEmpty()) {
      root.set("schemas", JSON.valueToTree(new TreeMap<>(mapping.schemas())));
    }
    if (!mapping.tables().isEmpty()) {
      ObjectNode tables = root.putObject("tables");
      new TreeMap<>(mapping.tables()).forEach((id, table) -> tables.set(id.quoted(), tree(table)));
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a mapping always serializes", e);
    }
  }

  private static ObjectNode tree(TableMapping table) {
    ObjectNode node = JSON.createObjectNode();
    table.name().ifPresent(name -> node.put("name", name));
    if (!table.columns().isEmpty()) {
      node.set("columns", JSON.valueToTree(new TreeMap<>(table.columns())));
    }
    if (!table.includeColumns().isEmpty()) {
      node.set("include_columns", JSON.valueToTree(new TreeSet<>(table.includeColumns())));
    }
    if (!table.excludeColumns().isEmpty()) {
      node.set("exclude_columns", JSON.valueToTree(new TreeSet<>(table.excludeColumns())));
    }
    return node;
  }

  private static TableMapping tableMapping(JsonNode node, String where) {
    requireObject(node, where);
    checkKeys(node, TABLE_KEYS, where);
    JsonNode name = node.path("name");
    if (!name.isMissingNode() && (!name.isTextual() || name.asText().isEmpty())) {
      throw new IllegalArgumentException(where + ".name must be a name");
    }
    try {
      return new TableMapping(
          name.isMissingNode() ? Optional.empty() : Optional.of(name.asText()),
          stringMap(node.path("columns"), where + ".columns"),
          stringSet(node.path("include_columns"), where + ".include_columns"),
          stringSet(node.path("exclude_columns"), where + ".exclude_columns"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
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
                    "unknown key '"
                        + key
                        + "' in "
                        + where
                        + "; expected one of "
                        + new TreeSet<>(allowed));
              }
            });
  }
}
